/**
 * The names of the results' figures and the report's sections, as every report (PDF, XLSX, CSV) and the web's
 * Kết quả screen print them: written here once and sent to the browser as a label table (/js/labels.js).
 */
export const RESULTS_HEADINGS = {
  overallIndex: 'Chỉ số hài lòng chung',
  overallDissatisfied: 'Tỷ lệ không hài lòng chung',
  dissatisfied: 'Tỷ lệ không hài lòng',
  overall: 'Chỉ số chung',
  overallShare: 'Hài lòng chung',
  byElement: 'Chỉ số theo yếu tố',
  byCriterion: 'Chỉ số theo tiêu chí',
  distributions: 'Phân bố câu trả lời',
  officeRanking: 'Xếp hạng cơ quan theo chỉ số hài lòng chung',
  formsByOffice: 'Số phiếu theo cơ quan',
  wishes: 'Mong muốn cải thiện',
  adequacy: 'Đủ mẫu tối thiểu',
  officesShort: 'Cơ quan chưa đủ mẫu tối thiểu',
  counted: 'Phiếu được tính',
  excluded: 'Phiếu không được tính',
  round: 'Đợt chọn mẫu',
  allOffices: 'Tất cả cơ quan',
  portal: 'Đánh giá trên Cổng dịch vụ công (QĐ 766)',
  portalRatio: 'Tỷ lệ hài lòng (QĐ 766)',
  // Sentences with a number: {n} is replaced where they are shown.
  portalFewRatings: 'Cơ quan có dưới {n} đánh giá được ghi "ít mẫu".',
  portalNotInRegister: '{n} hồ sơ được đánh giá không có trong sổ hồ sơ (vẫn được tính).',
  noProcedures: 'Sổ hồ sơ và tệp xuất chưa ghi thủ tục hay lĩnh vực.',
  noOfficeFigures: 'Chưa có hồ sơ hay phiếu nào của cơ quan trong phạm vi đã chọn.',
} as const;
