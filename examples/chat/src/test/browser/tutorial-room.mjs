// The Django Channels tutorial's own room page (src/test/resources/tutorial/room.html, which
// appends data.message for every frame it receives) against the chat: two pages in room "lobby"
// and one in room "서울", served from the chat's host by request interception. Each page says it
// is here and waits for its own echo (the tutorial protocol has no "joined" frame), then the two
// lobby pages exchange messages. Every log must hold exactly the room's messages, in order, and no
// "undefined" line: nothing but {"message": ...} came on the room socket.
// Usage: node tutorial-room.mjs BASE_URL
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, logOf, run, sayAndSee, waitForLog } from './browser-kit.mjs';

const [base] = process.argv.slice(2);
if (!base) {
  console.error('usage: node tutorial-room.mjs BASE_URL');
  process.exit(2);
}
const roomPage = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../resources/tutorial/room.html'));
// an intercepted page may open a WebSocket to 127.0.0.1 only without the Local Network Access checks
const browser = await launch(['--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests']);
await browser.context.route('**/tutorial/**', (route) =>
  route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: roomPage }));

async function expectLog(page, name, expected) {
  const log = await logOf(page);
  if (log.includes('undefined')) {
    throw new Error(name + "'s log contains undefined: " + JSON.stringify(log));
  }
  const lines = log.split('\n').slice(0, -1);
  if (JSON.stringify(lines) !== JSON.stringify(expected)) {
    throw new Error(name + "'s log is " + JSON.stringify(lines) + ', expected ' + JSON.stringify(expected));
  }
}

// The tutorial page sends on Enter; a message is in its log once its line has ended.
const TUTORIAL = { byEnter: true, wholeLine: true };

/** Opens the tutorial page of room, says it is here and waits for the echo: then it is in the room. */
async function joined(room, name) {
  const page = await browser.open(new URL('tutorial/' + encodeURIComponent(room) + '/', base).href);
  // The tutorial page drops what is typed before its socket is open (a busy machine can be slow to
  // open it): wait for the page's own chatSocket to be open first.
  await page.waitForFunction(() => chatSocket.readyState === WebSocket.OPEN, null, { timeout: 10000 });
  await sayAndSee(page, name + ' is here', [page], TUTORIAL);
  return page;
}

await run(browser, async () => {
  const one = await joined('lobby', 'one');
  const two = await joined('lobby', 'two');
  await waitForLog(one, 'two is here', true);
  const seoul = await joined('서울', '서울');
  await sayAndSee(one, 'hello from page one 안녕', [two], TUTORIAL);
  await sayAndSee(two, 'reply from page two', [one, two], TUTORIAL);
  await sayAndSee(seoul, '서울에서 안녕', [seoul], TUTORIAL);
  await expectLog(one, 'page one', ['one is here', 'two is here', 'hello from page one 안녕', 'reply from page two']);
  await expectLog(two, 'page two', ['two is here', 'hello from page one 안녕', 'reply from page two']);
  await expectLog(seoul, 'the 서울 page', ['서울 is here', '서울에서 안녕']);
  return 'the tutorial room page exchanged messages in lobby and 서울, no log holds undefined';
});
