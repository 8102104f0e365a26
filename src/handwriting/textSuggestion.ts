import { matchKnownList } from './matchKnownList.js';
import type { HandwritingSettings } from './settings.js';

export type TextFieldReason = 'handwriting' | 'lowConfidence';
export type KnownListName = 'procedures' | 'staff';

export interface TextFieldRead {
  /**
   * What the reviewer's box opens with: the OCR suggestion (or the list entry it matched); '' for an empty zone; null
   * while unread or when the suggestion was worthless, so the reviewer starts from an empty box.
   */
  value: string | null;
  /** OCR confidence 0–100, null when no OCR ran. */
  confidence: number | null;
  /** Something is written in the zone. */
  inked: boolean;
  /** The OCR text as read, kept when a list entry replaced it. */
  ocrText?: string;
  /** Set when `value` is the entry of a known list closest to the OCR text: which list, and how far the text was. */
  listMatch?: { list: KnownListName; distance: number };
  /**
   * A zone kept as an image only: what OCR read in it (or the list entry it matched), to find the clip by. Never an
   * answer — nobody checked it — so `value` stays null.
   */
  searchText?: string;
  reasons: TextFieldReason[];
}

export const EMPTY_TEXT_ZONE: TextFieldRead = { value: '', confidence: null, inked: false, reasons: [] };
/** A zone with writing not (yet) read: it goes to a person with its clip only. */
export const UNREAD_TEXT_ZONE: TextFieldRead = { value: null, confidence: null, inked: true, reasons: ['handwriting'] };
/** Writing in a zone the survey keeps as an image only: nobody types it, so it is neither read nor reviewed. */
export const IMAGE_ONLY_TEXT_ZONE: TextFieldRead = { value: null, confidence: null, inked: true, reasons: [] };

/**
 * Turns an OCR result for a written zone into what is stored and shown to the reviewer. Handwritten text always goes
 * to a person; the suggestion only saves typing. Where the answer must come from a known list, the closest entry
 * (accent-aware) replaces the OCR text when it is close enough, and the read says so.
 */
export function textSuggestion(ocr: { text: string; confidence: number }, list: { name: KnownListName; entries: readonly string[] } | undefined, s: HandwritingSettings['text']): TextFieldRead {
  const text = ocr.text.trim();
  if (!text || ocr.confidence < s.worthlessBelow) return { ...UNREAD_TEXT_ZONE, confidence: ocr.confidence, ocrText: text, reasons: ['handwriting', 'lowConfidence'] };
  const match = list && matchKnownList(text, list.entries, s.listMatchWithin);
  const reasons: TextFieldReason[] = ocr.confidence < s.unsureBelow ? ['handwriting', 'lowConfidence'] : ['handwriting'];
  if (match && list) {
    return { value: match.entry, confidence: ocr.confidence, inked: true, ocrText: text, listMatch: { list: list.name, distance: match.distance }, reasons };
  }
  return { value: text, confidence: ocr.confidence, inked: true, reasons };
}

/** What is kept of an OCR suggestion for a zone nobody types: its text to search by, and no reason for a person. */
export function imageOnlyRead(suggestion: TextFieldRead): TextFieldRead {
  const text = suggestion.value?.trim();
  return { ...IMAGE_ONLY_TEXT_ZONE, confidence: suggestion.confidence, ...(text ? { searchText: text } : {}) };
}
