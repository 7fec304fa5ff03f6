/**
 * Error answers the client and a person with curl can both act on: a stable
 * code, and a message in Vietnamese first, then English.
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

const MESSAGES: Record<string, string> = {
  invalid_json: 'Dữ liệu gửi lên không phải JSON hợp lệ. (The request body is not valid JSON.)',
  body_too_large: 'Dữ liệu gửi lên quá lớn — hãy gửi thành nhiều lần. (The request body is too large; send it in smaller batches.)',
  unsupported_media_type: 'Hãy gửi dữ liệu dạng application/json. (Send the body as application/json.)',
  unsupported_encoding: 'Chỉ nhận dữ liệu nén gzip hoặc deflate. (Only gzip or deflate request bodies are accepted.)',
  invalid_encoding: 'Dữ liệu nén gửi lên bị hỏng — hãy gửi lại. (The compressed request body is corrupt; send it again.)',
  bad_request: 'Yêu cầu không hợp lệ. (The request is not valid.)',
  validation: 'Dữ liệu không hợp lệ — xem danh sách lỗi. (The request is not valid; see the issues.)',
  unauthenticated: 'Chưa đăng nhập hoặc phiên đã hết hạn — hãy đăng nhập lại. (Not signed in, or the session expired; sign in again.)',
  forbidden: 'Tài khoản này không có quyền làm việc này. (This account may not do this.)',
  bad_credentials: 'Sai tên đăng nhập hoặc mật khẩu. (Wrong username or password.)',
  too_many_attempts: 'Đăng nhập sai quá nhiều lần — hãy thử lại sau ít phút. (Too many failed sign-ins; try again in a few minutes.)',
  not_found: 'Không tìm thấy. (Not found.)',
  duplicate_username: 'Tên đăng nhập này đã có người dùng. (This username is taken.)',
  seq_gap: 'Thiếu thay đổi trước đó — thiết bị sẽ gửi lại từ số thứ tự mong đợi. (Earlier changes are missing; resend from the expected seq.)',
  device_of_other_user: 'Thiết bị này đang gắn với tài khoản khác. (This device belongs to another account.)',
  upgrade_required: 'Ứng dụng quá cũ — hãy cập nhật ứng dụng, dữ liệu chưa gửi vẫn được giữ. (The app is too old; update it — unsent changes are kept.)',
  unavailable: 'Máy chủ tạm thời bận — thiết bị sẽ tự gửi lại. (The server is busy; the device will retry.)',
  internal: 'Máy chủ gặp lỗi. (The server hit an error.)',
};

export function sendError(
  reply: FastifyReply,
  status: number,
  code: keyof typeof MESSAGES | string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply.code(status).send({ error: code, message: MESSAGES[code] ?? MESSAGES.internal, ...extra });
}

export function validationIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Parses a body with a shared schema, or answers 400 with the issues; returns undefined when it answered. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): z.infer<S> | undefined {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  sendError(reply, 400, 'validation', { issues: validationIssues(result.error) });
  return undefined;
}
