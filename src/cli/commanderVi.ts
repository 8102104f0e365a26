import type { Argument, Command, Option } from 'commander';

/**
 * commander's own words in Vietnamese: its help headings, usage placeholders, "(default: …)" notes and error messages.
 * Applied to the program before its commands are added, so every subcommand inherits it.
 */

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Arguments:': 'Tham số:',
  'Options:': 'Tuỳ chọn:',
  'Global Options:': 'Tuỳ chọn chung:',
  'Commands:': 'Lệnh:',
};

// commander's error messages, each with its Vietnamese form; the quoted names are kept as the person typed them.
const ERRORS: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown option '(.*)'/, (flag) => `lỗi: không có tuỳ chọn '${flag}'`],
  [/^error: unknown command '(.*)'/, (name) => `lỗi: không có lệnh '${name}'`],
  [/^error: required option '(.*)' not specified/, (flags) => `lỗi: thiếu tuỳ chọn bắt buộc '${flags}'`],
  [/^error: option '(.*)' argument missing/, (flags) => `lỗi: tuỳ chọn '${flags}' cần một giá trị`],
  [/^error: missing required argument '(.*)'/, (name) => `lỗi: thiếu tham số bắt buộc '${name}'`],
  [/^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./, (name, expected, got) =>
    `lỗi: thừa tham số${name ? ` cho lệnh '${name}'` : ''}: cần ${expected}, nhận ${got}`],
  [/^error: option '(.*)' argument '(.*)' is invalid\./, (flags, value) => `lỗi: tuỳ chọn '${flags}' không nhận giá trị '${value}'`],
  [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\./, (value, name) => `lỗi: tham số '${name}' không nhận giá trị '${value}'`],
  [/^error: (.*) cannot be used with (.*)/, (a, b) => `lỗi: không dùng ${a} cùng với ${b}`],
  [/^\(Did you mean one of (.*)\?\)/, (names) => `(Có phải ý bạn là một trong ${names}?)`],
  [/^\(Did you mean (.*)\?\)/, (name) => `(Có phải ý bạn là ${name}?)`],
];

/** A commander error message in Vietnamese, line by line; a line it does not know is left as it is. */
export function vietnameseCommanderMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      for (const [pattern, say] of ERRORS) {
        const match = pattern.exec(line);
        if (match) return say(...match.slice(1)) + line.slice(match[0].length);
      }
      return line;
    })
    .join('\n');
}

const USAGE_WORDS: Record<string, string> = { '[options]': '[tuỳ-chọn]', '[command]': '[lệnh]' };

/** A usage line or command term with commander's placeholders in Vietnamese. */
const inVietnamese = (usage: string) => usage.split(' ').map((word) => USAGE_WORDS[word] ?? word).join(' ');

function withNotes(description: string, notes: string[]): string {
  if (!notes.length) return description;
  return description ? `${description} (${notes.join(', ')})` : `(${notes.join(', ')})`;
}

function optionDescription(option: Option): string {
  const notes: string[] = [];
  if (option.argChoices) notes.push(`một trong: ${option.argChoices.join(', ')}`);
  const showsDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && showsDefault) notes.push(`mặc định: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`);
  if (option.envVar !== undefined) notes.push(`biến môi trường: ${option.envVar}`);
  return withNotes(option.description, notes);
}

function argumentDescription(argument: Argument): string {
  const notes: string[] = [];
  if (argument.argChoices) notes.push(`một trong: ${argument.argChoices.join(', ')}`);
  if (argument.defaultValue !== undefined) notes.push(`mặc định: ${argument.defaultValueDescription ?? JSON.stringify(argument.defaultValue)}`);
  return withNotes(argument.description, notes);
}

export function speakVietnamese(program: Command): Command {
  return program
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .helpCommand('help [lệnh]', 'xem hướng dẫn của một lệnh')
    .configureHelp({
      styleTitle: (title: string) => TITLES[title] ?? title,
      styleUsage: inVietnamese,
      styleSubcommandTerm: inVietnamese,
      optionDescription,
      argumentDescription,
    })
    .configureOutput({ outputError: (message, write) => write(vietnameseCommanderMessage(message)) });
}
