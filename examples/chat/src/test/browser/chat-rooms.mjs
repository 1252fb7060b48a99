// Two pages in room "lobby" exchange messages typed in the input and shown in #chat-log; a page
// in room "서울" shows nothing; each page's notifications widget (its own socket) lists the joins
// of its room only; the members widget (its own socket too) shows the name asked once, "Ada",
// with its tab count; a screenshot is written. Usage: node chat-rooms.mjs BASE_URL SHOT
import { launch, logOf, run, sayAndSee } from './browser-kit.mjs';

const [base, screenshot] = process.argv.slice(2);
if (!base || !screenshot) {
  console.error('usage: node chat-rooms.mjs BASE_URL SCREENSHOT_PATH');
  process.exit(2);
}

await run(await launch(), async ({ open }) => {
  // Page one goes through the room-name page, as a person would.
  const one = await open(new URL('chat/', base).href);
  // The room page asks for a display name once; the browser keeps it for the other pages.
  one.once('dialog', (dialog) => dialog.accept('Ada'));
  await enterLobby(one);
  await one.waitForURL(/\/chat\/lobby\/$/, { timeout: 10000 });
  const two = await open(new URL('chat/lobby/', base).href);
  const seoul = await open(new URL('chat/' + encodeURIComponent('서울') + '/', base).href);
  // The notifications widget has a socket of its own and lists the room's joins, each recorded
  // once its room socket is in the room: when a widget lists as many joins as its room has pages,
  // every page of that room is in it (the room socket itself sends no "joined" frame).
  for (const [p, joins] of [[one, 2], [two, 2], [seoul, 1]]) {
    await p.waitForFunction((n) => document.querySelectorAll('#notifications li').length >= n, joins,
      { timeout: 10000 });
  }
  // The members widget (a socket of its own) shows who is in each room, by name and tab count.
  for (const [p, count, shown] of [[one, 2, 'Ada (2)'], [two, 2, 'Ada (2)'], [seoul, 1, 'Ada']]) {
    await p.waitForFunction(([n, text]) => document.querySelector('#member-count').textContent === String(n)
      && [...document.querySelectorAll('#members li')].map((li) => li.textContent).join() === text,
    [count, shown], { timeout: 10000 });
  }
  await sayAndSee(one, 'hello from page one 안녕', [two, one]);
  await sayAndSee(two, 'reply from page two', [one, two]);
  // The room log shows each message on its own line, in order.
  const lines = (await logOf(one)).trim().split('\n');
  if (JSON.stringify(lines) !== JSON.stringify(['hello from page one 안녕', 'reply from page two'])) {
    throw new Error('page one shows ' + JSON.stringify(lines));
  }
  // The 서울 room saw nothing (the lobby's messages went out before this check).
  await seoul.waitForTimeout(500);
  const seoulLog = await logOf(seoul);
  if (seoulLog !== '') {
    throw new Error('the page in room "서울" shows ' + JSON.stringify(seoulLog));
  }
  // Each widget names its own room only.
  for (const [p, room] of [[one, 'lobby'], [two, 'lobby'], [seoul, '서울']]) {
    const items = await p.$$eval('#notifications li', (lis) => lis.map((li) => li.textContent));
    if (items.length === 0 || items.some((text) => text !== 'someone joined ' + room)) {
      throw new Error('the widget in room "' + room + '" lists ' + JSON.stringify(items));
    }
  }
  await one.screenshot({ path: screenshot, fullPage: true });
  return 'two pages in lobby exchanged messages, room 서울 stayed empty, screenshot ' + screenshot;
});

async function enterLobby(page) {
  await page.fill('#room-name-input', 'lobby');
  await page.click('#room-name-submit');
}
