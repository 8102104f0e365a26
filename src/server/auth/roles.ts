export const ROLES = ['admin', 'planner', 'scanner', 'reviewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị',
  planner: 'Kế hoạch',
  scanner: 'Quét phiếu',
  reviewer: 'Nhập liệu',
  supervisor: 'Giám sát',
};

/** What each role may do. Checked on the server for every route; the browser only hides what would be refused. */
const PERMISSIONS = {
  dashboard: ['admin', 'planner', 'scanner', 'reviewer', 'supervisor'],
  scanUpload: ['admin', 'scanner'],
  scanView: ['admin', 'planner', 'scanner', 'supervisor'],
  review: ['admin', 'reviewer', 'supervisor'],
  /**
   * The transcription queue: typing comments, names, addresses and the phones no reading of which changes a count.
   * Data-entry staff do it beside the counting queue, at their own pace; a name or address clip is still seen only
   * while its item is held (see routes/review.ts).
   */
  transcribe: ['admin', 'reviewer', 'supervisor'],
  /** Browsing the clips of written answers by office and question: comments for those who act on them; names and addresses also need personalData. */
  textClips: ['admin', 'planner', 'supervisor'],
  supervise: ['admin', 'supervisor'],
  pages: ['admin', 'scanner', 'supervisor'],
  forms: ['admin', 'planner', 'supervisor'],
  export: ['admin', 'planner', 'supervisor'],
  users: ['admin'],
  stations: ['admin'],
  demo: ['admin'],
  sampling: ['admin', 'planner'],
  /** The office tree: names, levels, parents and active days. */
  offices: ['admin', 'planner'],
  results: ['admin', 'planner', 'supervisor'],
  kiosks: ['admin', 'planner'],
  /** Names, phone numbers and addresses of citizens: sample lists, the re-check, personal fields of a form, exports that carry them. */
  personalData: ['admin', 'planner'],
  /** The office's template of the printed report: agency, number and symbol, recipients, signer. */
  reportTemplate: ['admin', 'planner'],
  /** Backups, their schedule, retention and the personal-data purge. */
  maintenance: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => allows(role, p));
}
