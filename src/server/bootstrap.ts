/**
 * First start on an empty database: create the administrator. The password
 * comes from ADMIN_PASSWORD or is generated and printed once, here and
 * nowhere else (it is not logged).
 */
import { generatePassword, hashPassword } from './auth';
import type { Store } from './store/store';

export const ADMIN_USERNAME = 'admin';

export async function ensureAdministrator(
  store: Store,
  adminPassword: string | undefined,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  if ((await store.countUsers()) > 0) return;
  const password = adminPassword ?? generatePassword(12);
  await store.createUser({
    communeId: null,
    role: 'admin',
    username: ADMIN_USERNAME,
    displayName: 'Quản trị viên',
    passwordHash: await hashPassword(password),
  });
  if (!adminPassword) {
    print('');
    print('  Tài khoản quản trị đã được tạo / Administrator account created');
    print(`    tên đăng nhập / username: ${ADMIN_USERNAME}`);
    print(`    mật khẩu / password:      ${password}`);
    print('  Mật khẩu chỉ hiện một lần — hãy ghi lại. / Shown once only — write it down.');
    print('');
  }
}
