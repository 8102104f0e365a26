import type { PageRead } from './readPage.js';

export type UnreadableReason = Extract<PageRead, { kind: 'unreadable' }>['reason'];

/**
 * Why a page could not be read, and what to do where there is something to do: one clause per reason, which the page
 * screen shows as a sentence and a refused "Gán vào phiếu" ends its sentence with.
 */
export const UNREADABLE_REASON_LABELS: Record<UnreadableReason, string> = {
  noCode: 'không đọc được mã QR của phiếu trên trang',
  marksNotFound: 'không tìm thấy đủ bốn dấu định vị ở góc trang',
  scaleOff: 'trang bị in hoặc quét sai tỉ lệ (phóng to hoặc thu nhỏ)',
  registrationMismatch: 'dấu định vị và mã QR không khớp nhau',
  upsideDown: 'trang có vẻ đang bị ngược (các ô in khớp với mẫu khi xoay ngược lại); hãy xoay trang rồi gán lại',
  notThisForm: 'các ô in trên trang không nằm đúng chỗ của trang này trong mẫu phiếu: có lẽ là trang khác hoặc phiếu khác',
  retakePhoto: 'ảnh chụp không đọc được: hãy chụp lại với ánh sáng đều hơn, giữ điện thoại song song với trang giấy và chụp trọn cả trang',
};
