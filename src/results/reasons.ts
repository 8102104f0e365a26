/** Why a returned form is not counted. Codes are stable (files and the web app use them); labels are for people. */
export const EXCLUSION_REASONS = {
  pendingReview: 'Phiếu giấy còn câu chờ duyệt',
  pendingPages: 'Phiếu giấy chưa quét đủ các trang',
  phoneToType: 'Số điện thoại viết tay chưa chép, và một cách đọc nó là số của cán bộ hoặc của người đã đủ phiếu',
  caseToType: 'Mã hồ sơ viết tay chưa chép, và một cách đọc nó là hồ sơ đã có phiếu khác, hoặc của cán bộ hay của người đã đủ phiếu',
  deniedOnRecheck: 'Người dân cho biết không trả lời phiếu này khi phúc tra',
  staffAccount: 'Gửi từ tài khoản của cán bộ, công chức',
  staffDevice: 'Gửi từ thiết bị của cán bộ, công chức',
  staffPhone: 'Mang số điện thoại của cán bộ, công chức',
  caseAlreadyCounted: 'Hồ sơ này đã được tính ở một phiếu khác',
  overPersonLimit: 'Người trả lời đã đủ số phiếu được tính trong năm',
} as const;

export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

/** Pending forms are not excluded for good: they count once their review is finished. */
export const PENDING_REASONS: readonly ExclusionReason[] = ['pendingReview', 'pendingPages', 'phoneToType', 'caseToType'];

export type ResponseOutcome =
  | { counted: true }
  | {
      counted: false;
      reason: ExclusionReason;
      /** The response that counts instead (same case), or those that used up the person's forms. */
      keptKeys?: string[];
    };
