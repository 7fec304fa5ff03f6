/**
 * The z1 body format: a JSON body, UTF-8, compressed with raw DEFLATE (RFC
 * 1951) against the preset dictionary below. A sync's bodies are small and
 * mostly key names, entity names, item ids and statuses; plain deflate must
 * spell each of those out once per body, deflate with a dictionary points
 * back into it. A visit's push is ~2 KB of JSON: ~0.7 KB deflated, ~0.4 KB
 * against this dictionary; its answer goes from ~0.27 KB to ~0.06 KB
 * (npm run bench: bytes of one visit).
 *
 * Its media type is Z1_MEDIA_TYPE (media-types.ts), both ways.
 *
 * Phones and the server must hold the very same bytes, for as long as any
 * phone may still send z1: NEVER EDIT THE DICTIONARY. A better one is a new
 * media type (z2) beside this one. tests/server/compress.test.ts inflates a
 * body deflated with it when it was made, to catch an edit.
 *
 * Order matters: DEFLATE finds a match anywhere in its 32 KiB window but
 * codes a near one in fewer bits, so the most common pieces come last.
 */

const pieces = [
  // Words of a visit's notes and of names (Vietnamese, as members type them).
  'Không có nhà, hẹn quay lại. Gia đình từ chối. Chưa có điện thoại thông minh. Đã hướng dẫn cài đặt và kích hoạt tài khoản định danh điện tử, ' +
    'mở tài khoản ngân hàng, thanh toán bằng mã QR, nộp hồ sơ trên Cổng dịch vụ công, tham gia nhóm Zalo của thôn, lắp Internet cáp quang. ' +
    'Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Văn Thị Hữu Đức Minh Thanh Ngọc Thu Hương Lan Hùng Dũng Tuấn Thôn Xóm Ngõ Bản Ấp Xã ',
  // Records as pull pages and push answers carry them.
  '{"entity":"plaque","id":"","version":,"deleted":false,"record":{"id":"","version":,"createdAt":"","updatedAt":"","updatedBy":"","code":"","villageId":"",' +
    '"status":"assigned","householdId":"","printedBy":"","assignedAt":"","assignedBy":"","retiredAt":null,"retiredBy":"","retiredReason":null,"replacedBy":""}}',
  '{"entity":"village","id":"","version":,"deleted":false,"record":{"id":"","version":,"createdAt":"","updatedAt":"","updatedBy":"","name":"Thôn ","communeName":"Xã ","provinceName":"","legacyDistrict":""}}',
  '{"entity":"household","id":"","version":,"deleted":false,"record":{"id":"","version":,"createdAt":"","updatedAt":"","updatedBy":"","villageId":"","hamlet":"Xóm ","houseNumber":"",' +
    '"headName":"","phone":"09","plaqueCode":"","notes":"","legacyAddress":"","items":{"hh.internet":{"value":"done","changedAt":"","changedBy":""},' +
    '"hh.fibre":{"value":"not_applicable","changedAt":"","changedBy":""},"hh.zalo":{"value":"in_progress","changedAt":"","changedBy":""},' +
    '"hh.digital_address":{"value":"declined","changedAt":"","changedBy":""},"hh.business":{"value":"yes","changedAt":"","changedBy":""},' +
    '"hh.biz_cashless":{"value":"no","changedAt":"","changedBy":""},"hh.biz_online":{"value":"social","changedAt":"","changedBy":""}},' +
    '"consent":{"status":"given","givenBy":"","at":"","recordedBy":"","recordedByName":""}}}',
  '{"entity":"person","id":"","version":,"deleted":false,"record":{"id":"","version":,"createdAt":"","updatedAt":"","updatedBy":"","fullName":"","birthYear":19,"relation":"head","phone":"",' +
    '"householdId":"","villageId":"","items":{"p.smartphone":{"value":"done","changedAt":"","changedBy":""},"p.vneid":{"value":"level2","changedAt":"","changedBy":""},' +
    '"p.payment":{"value":"in_progress","changedAt":"","changedBy":""},"p.qr_pay":{"value":"declined","changedAt":"","changedBy":""},' +
    '"p.public_service":{"value":"done","changedAt":"","changedBy":""},"p.vssid":{"value":"not_applicable","changedAt":"","changedBy":""},' +
    '"p.skills":{"value":"done","changedAt":"","changedBy":""},"p.anti_fraud":{"value":"done","changedAt":"","changedBy":""}}}}',
  '{"entity":"visit","id":"","version":,"deleted":true,"record":null},',
  '{"entity":"visit","id":"","version":,"deleted":false,"record":{"id":"","version":,"createdAt":"","updatedAt":"","updatedBy":"","outcome":"come_back","notes":"","nextVisitOn":"",' +
    '"householdId":"","villageId":"","memberId":"","memberName":"","at":"","changes":[]}}],"cursor":"","hasMore":true,"epoch":"","scope":{"villageIds":[""]},"reset":true}',
  // A push answer.
  '{"lastSeq":,"results":[{"seq":,"status":"conflict","version":,"record":{},"conflicts":[{"id":"","field":"","serverValue":"","clientValue":"","serverUpdatedBy":"","serverVersion":}]},' +
    '{"seq":,"status":"rejected","version":0,"record":null,"error":"errors.invalidValue"},{"seq":,"status":"forbidden","version":0,"record":null,"error":"errors.forbidden"},' +
    '{"seq":,"status":"applied","version":},{"seq":,"status":"applied","version":}],"pull":{"changes":[],"cursor":"","hasMore":false}}',
  // A push: a new household and person, then a visit with its checklist changes (the most common push, so last).
  '{"deviceId":"","schemaVersion":1,"appVersion":"","epoch":"","mutations":[{"seq":,"entity":"household","id":"","op":"put","baseVersion":0,"fields":{"createdAt":"","villageId":"",' +
    '"hamlet":"Xóm ","houseNumber":"","headName":"","phone":"","plaqueCode":"","notes":"","legacyAddress":"","consent":{"status":"given","givenBy":"","at":"","recordedBy":"","recordedByName":""}},' +
    '"editedAt":"","editedBy":""},{"seq":,"entity":"person","id":"","op":"put","baseVersion":0,"fields":{"createdAt":"","fullName":"","birthYear":19,"relation":"spouse","phone":"",' +
    '"householdId":"","villageId":""},"editedAt":"","editedBy":""},{"seq":,"entity":"person","id":"","op":"delete","baseVersion":,"fields":{},"editedAt":"","editedBy":""},',
  '{"seq":,"entity":"household","id":"","op":"put","baseVersion":,"fields":{"items.hh.zalo":{"value":"done","changedAt":"","changedBy":""}},"editedAt":"","editedBy":""},' +
    '{"seq":,"entity":"person","id":"","op":"put","baseVersion":,"fields":{"items.p.payment":{"value":"in_progress","changedAt":"","changedBy":""}},"editedAt":"","editedBy":""},' +
    '{"seq":,"entity":"visit","id":"","op":"put","baseVersion":0,"fields":{"createdAt":"","householdId":"","villageId":"","memberId":"","memberName":"","at":"","outcome":"helped",' +
    '"notes":"","nextVisitOn":null,"changes":[{"personId":null,"itemId":"hh.internet","from":"unknown","to":"done"},{"personId":"","itemId":"p.vneid","from":"none","to":"level1"}]},' +
    '"editedAt":"","editedBy":""}],"pull":{"cursor":""}}',
  // A pull (the sync with nothing to push).
  '{"deviceId":"","cursor":""}',
];

let bytes: Uint8Array | undefined;

/** The z1 dictionary's bytes (UTF-8), made once. */
export function z1Dictionary(): Uint8Array {
  bytes ??= new TextEncoder().encode(pieces.join(''));
  return bytes;
}
