/**
 * The sync server, end to end: what a member records offline reaches the
 * server once the phone is back online, and two phones editing the same
 * person offline end up showing the same value, with the conflict listed —
 * both values, nothing dropped silently (docs/sync-protocol.md).
 */
import type { Page } from '@playwright/test';
import {
  apiSignIn,
  checklist,
  chooseOtherValue,
  DEMO,
  expect,
  goOffline,
  goOnline,
  HOUSEHOLD_ITEMS,
  householdIdOf,
  ITEM,
  itemButton,
  itemValue,
  pullEverything,
  STATUS_IDS,
  startWorking,
  syncIndicator,
  syncNow,
  test,
  type ServerChange,
} from './fixtures';
import { expectPhoneLayout } from './layout-check';

const SYNC_TIMEOUT = 45_000;

/** A date a week from now, as the date field takes it (Vietnam's calendar day). */
function inAWeek(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
}

/** Opens the n-th household of the working village's list (0-based); returns its id and head's name. */
async function openHousehold(page: Page, index: number): Promise<{ id: string; headName: string }> {
  const row = page.locator('.household-list').getByRole('link').nth(index);
  await row.click();
  await expect(page).toHaveURL(/\/h\/[^/]+$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).not.toHaveText('Hộ gia đình');
  return { id: householdIdOf(page), headName: (await heading.innerText()).trim() };
}

interface RecordedVisit {
  householdId: string;
  outcome: string;
  nextVisitOn: string | null;
  itemId: string;
  to: string;
}

test.describe('sync with the server', () => {
  test.describe.configure({ timeout: 180_000 });

  test('sign in, go offline, record visits, come back online → they reach the server', async ({ page, context, server }) => {
    await startWorking(page, DEMO.member1.username, 'Thôn Đông');
    await expect(syncIndicator(page)).toHaveAccessibleName('Đồng bộ: Đã gửi hết');

    await goOffline(server, context);
    const recorded: RecordedVisit[] = [];

    // Visit 1: met and helped; the household joined the village's Zalo group (or got further with it).
    const first = await openHousehold(page, 0);
    await page.getByRole('button', { name: 'Ghi lần thăm' }).click();
    await page.getByRole('radio', { name: 'Đã gặp và hỗ trợ' }).click();
    const zalo = await chooseOtherValue(checklist(page, HOUSEHOLD_ITEMS), ITEM.zalo, ['Đạt', 'Đang hỗ trợ']);
    await page.getByLabel('Ghi chú lần thăm').fill('Đã thêm vào nhóm Zalo của thôn.');
    await page.getByRole('button', { name: 'Lưu lần thăm (1 thay đổi)' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lần thăm trên máy' })).toBeVisible();
    recorded.push({ householdId: first.id, outcome: 'helped', nextVisitOn: null, itemId: 'hh.zalo', to: STATUS_IDS[zalo]! });
    await page.getByRole('button', { name: 'Quay lại' }).click();

    // Visit 2: come back in a week; the digital address is under way.
    const second = await openHousehold(page, 1);
    expect(second.id).not.toBe(first.id);
    await page.getByRole('button', { name: 'Ghi lần thăm' }).click();
    await page.getByRole('radio', { name: 'Hẹn quay lại' }).click();
    const comeBackOn = inAWeek();
    await page.getByLabel('Ngày hẹn quay lại (bắt buộc)').fill(comeBackOn);
    const address = await chooseOtherValue(checklist(page, HOUSEHOLD_ITEMS), ITEM.digitalAddress, ['Đang hỗ trợ', 'Đạt']);
    await page.getByRole('button', { name: 'Lưu lần thăm (1 thay đổi)' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã lưu lần thăm trên máy' })).toBeVisible();
    recorded.push({ householdId: second.id, outcome: 'come_back', nextVisitOn: comeBackOn, itemId: 'hh.digital_address', to: STATUS_IDS[address]! });
    await page.getByRole('button', { name: 'Quay lại' }).click();

    // Offline, the list says what is still only on this phone.
    await expect(syncIndicator(page)).toHaveAccessibleName(/^Đồng bộ: \d+ chưa gửi · \d+ phút$/);
    const pending = Number(/(\d+) chưa gửi/.exec((await syncIndicator(page).getAttribute('aria-label')) ?? '')?.[1]);
    expect(pending, 'two visits and their two household changes wait').toBeGreaterThanOrEqual(2);

    // Back online: the server returns, the network comes back; the app sends on its own.
    const pushes: Array<{ contentType: string | null; answerType: string | null }> = [];
    page.on('requestfinished', (request) => {
      if (!request.url().endsWith('/api/sync/push')) return;
      void request.response().then((response) => pushes.push({ contentType: request.headers()['content-type'] ?? null, answerType: response?.headers()['content-type'] ?? null }));
    });
    await goOnline(server, context);
    await expect(syncIndicator(page)).toHaveAccessibleName('Đồng bộ: Đã gửi hết', { timeout: SYNC_TIMEOUT });
    // The pushes went in z1 and came back in z1 (docs/sync-protocol.md): the codec's chunk loaded and Chromium left the answer to the app.
    await expect.poll(() => pushes.length).toBeGreaterThanOrEqual(1);
    expect(pushes).toEqual(pushes.map(() => ({ contentType: 'application/vnd.gocua.z1', answerType: 'application/vnd.gocua.z1' })));

    // On the server, as the leader sees the commune.
    const token = await apiSignIn(server, DEMO.leader.username);
    const changes = await pullEverything(server, token);
    const live = (entity: ServerChange['entity']) => changes.filter((change) => change.entity === entity && !change.deleted && change.record);
    const visits = live('visit');
    for (const expected of recorded) {
      const found = visits.filter((change) => change.record?.householdId === expected.householdId);
      expect(found, `one visit of household ${expected.householdId} on the server`).toHaveLength(1);
      const visit = found[0]!.record!;
      expect(visit.outcome).toBe(expected.outcome);
      expect(visit.nextVisitOn).toBe(expected.nextVisitOn);
      expect(visit.memberName).toBe(DEMO.member1.name);
      expect(visit.changes).toEqual([expect.objectContaining({ personId: null, itemId: expected.itemId, to: expected.to })]);
      // The checklist change reached the household record too.
      const household = live('household').find((change) => change.id === expected.householdId)?.record;
      expect((household?.items as Record<string, { value: string }> | undefined)?.[expected.itemId]?.value).toBe(expected.to);
    }
    expect(visits.find((change) => change.record?.householdId === first.id)?.record?.notes).toBe('Đã thêm vào nhóm Zalo của thôn.');
  });

  test('two phones edit the same person offline → after both sync, both show the same state and the conflict is listed', async ({
    page: phoneA,
    context: contextA,
    server,
    newPhone,
  }) => {
    const { page: phoneB, context: contextB } = await newPhone();
    // Members 1 and 2 share Thôn Đoài.
    await startWorking(phoneA, DEMO.member1.username, 'Thôn Đoài');
    await startWorking(phoneB, DEMO.member2.username, 'Thôn Đoài');

    const { id, headName } = await openHousehold(phoneA, 0);
    await phoneB.goto(`/h/${id}`);
    await expect(phoneB.getByRole('heading', { level: 1, name: headName })).toBeVisible();

    await goOffline(server, contextA, contextB);

    /** The head of the household comes first; their card may be folded when the household is large. */
    const headItems = async (page: Page) => {
      const card = page.locator('details.person-card').first();
      if (!(await card.evaluate((element) => (element as HTMLDetailsElement).open))) await card.locator('summary').click();
      return card.getByRole('list', { name: /^Danh mục của / });
    };
    // Two values the item does not have yet, so each phone really changes it.
    const listA = await headItems(phoneA);
    const listB = await headItems(phoneB);
    const before = await itemValue(listA, ITEM.smartphone);
    const [valueA, valueB] = ['Từ chối', 'Đạt', 'Đang hỗ trợ'].filter((value) => value !== before);
    if (!valueA || !valueB) throw new Error('two other values are needed');
    expect(await chooseOtherValue(listA, ITEM.smartphone, [valueA])).toBe(valueA);
    expect(await chooseOtherValue(listB, ITEM.smartphone, [valueB])).toBe(valueB);
    await expect(itemButton(listA, ITEM.smartphone)).toContainText(valueA);
    await expect(itemButton(listB, ITEM.smartphone)).toContainText(valueB);

    for (const page of [phoneA, phoneB]) {
      await page.getByRole('button', { name: 'Quay lại' }).click();
      await expect(syncIndicator(page)).toHaveAccessibleName(/^Đồng bộ: 1 chưa gửi/);
    }

    // Phone A comes back first: its value is the server's.
    await goOnline(server, contextA);
    await expect(syncIndicator(phoneA)).toHaveAccessibleName('Đồng bộ: Đã gửi hết', { timeout: SYNC_TIMEOUT });
    // Then phone B: the server keeps A's value and tells B, who sees both.
    await goOnline(server, contextB);
    await expect(syncIndicator(phoneB)).toHaveAccessibleName('Đồng bộ: Đã gửi hết · 1 cần xem', { timeout: SYNC_TIMEOUT });
    // Phone A once more ("Đồng bộ ngay"): nothing of B's overrides it.
    await syncNow(phoneA);
    await expect(phoneA.getByText('Không có xung đột hay thay đổi bị từ chối.')).toBeVisible();

    // Both phones show the same value for the item: A's, the first to reach the server.
    for (const page of [phoneA, phoneB]) {
      await page.goto(`/h/${id}`);
      await expect(page.getByRole('heading', { level: 1, name: headName })).toBeVisible();
      await expect(itemButton(await headItems(page), ITEM.smartphone)).toContainText(valueA);
    }

    // Phone B lists the conflict with both values, who set the kept one, and a way to choose.
    await phoneB.goto('/sync');
    await expect(phoneB.getByRole('heading', { level: 2, name: 'Cần bạn xem (1)' })).toBeVisible();
    const issue = phoneB.getByRole('listitem').filter({ hasText: 'Hai người sửa khác nhau' });
    await expect(issue).toHaveCount(1);
    await expect(issue).toContainText(ITEM.smartphone);
    await expect(issue).toContainText(`${DEMO.member1.name} đã đặt: ${valueA}`);
    await expect(issue).toContainText(`Bạn đặt: ${valueB}`);
    await expect(issue.getByRole('button', { name: 'Giữ như máy chủ' })).toBeVisible();
    await expect(issue.getByRole('button', { name: 'Dùng giá trị của tôi' })).toBeVisible();
    await expect(issue.getByRole('link', { name: 'Mở hộ' })).toHaveAttribute('href', `/h/${id}`);
    await expectPhoneLayout(phoneB, 'sync screen with a conflict');

    // And the server agrees with both phones.
    const changes = await pullEverything(server, await apiSignIn(server, DEMO.leader.username));
    const head = changes.find(
      (change) => change.entity === 'person' && !change.deleted && change.record?.householdId === id && change.record.relation === 'head',
    )?.record;
    expect((head?.items as Record<string, { value: string }> | undefined)?.['p.smartphone']?.value).toBe(STATUS_IDS[valueA]);
  });
});
