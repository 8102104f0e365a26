import { identityText } from '../sampling/personIdentity.js';
import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';
import { foldHeader, type Cell, type RowError } from '../sampling/registerRow.js';

/** One official of the staff list: any of phone, account and device marks answers they submitted. */
export interface StaffMember {
  name: string | null;
  officeName: string | null;
  phone: string | null;
  account: string | null;
  device: string | null;
}

type StaffField = keyof StaffMember;

export const STAFF_FIELD_LABELS: Record<StaffField, string> = {
  name: 'Họ và tên',
  officeName: 'Cơ quan/Đơn vị',
  phone: 'Số điện thoại',
  account: 'Tài khoản',
  device: 'Thiết bị',
};

// Header spellings compared without accents or case, as in the register.
const ALIASES: Record<StaffField, string[]> = {
  name: ['ho va ten', 'ho ten', 'can bo', 'ten can bo'],
  officeName: ['co quan/don vi', 'co quan', 'don vi'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt'],
  account: ['tai khoan', 'ten dang nhap', 'tai khoan gui', 'account'],
  device: ['thiet bi', 'ma thiet bi', 'may', 'device'],
};

export const STAFF_HEADERS: string[] = Object.values(ALIASES).flat();

export function staffColumns(headers: string[]): Partial<Record<StaffField, number>> {
  const folded = headers.map(foldHeader);
  const columns: Partial<Record<StaffField, number>> = {};
  for (const field of Object.keys(ALIASES) as StaffField[]) {
    const index = folded.findIndex((h) => ALIASES[field].includes(h));
    if (index >= 0) columns[field] = index;
  }
  return columns;
}

/** Validates one row of the staff list; a row that identifies nobody (no phone, account or device) is refused. */
export function parseStaffRow(cells: Cell[], columns: Partial<Record<StaffField, number>>, row: number): { value?: StaffMember; errors: RowError[] } {
  const errors: RowError[] = [];
  const text = (field: StaffField): string | null => {
    const index = columns[field];
    const cell = index === undefined ? null : cells[index];
    const value = cell === null || cell === undefined ? '' : String(cell).trim();
    return value === '' ? null : value;
  };
  let phone = text('phone');
  if (phone) {
    const checked = checkVietnamesePhone(phone);
    if (checked.ok) phone = checked.phone;
    else errors.push({ row, column: STAFF_FIELD_LABELS.phone, reason: checked.reason });
  }
  const account = text('account');
  const device = text('device');
  if (!phone && !account && !device && !errors.length) {
    errors.push({ row, column: `${STAFF_FIELD_LABELS.phone}/${STAFF_FIELD_LABELS.account}/${STAFF_FIELD_LABELS.device}`, reason: 'không có số điện thoại, tài khoản hay thiết bị để nhận ra cán bộ' });
  }
  if (errors.length) return { errors };
  return { errors, value: { name: text('name'), officeName: text('officeName'), phone, account, device } };
}

/** One official however the list spells them: the name as people are compared, the account in any case. */
export function staffMemberKey(m: Pick<StaffMember, 'name' | 'phone' | 'account' | 'device'>): string {
  return [m.name ? identityText(m.name) : '', m.phone ?? '', m.account?.toLowerCase() ?? '', m.device ?? ''].join('\u0000');
}
