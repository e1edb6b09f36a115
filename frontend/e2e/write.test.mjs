// End to end, the app part 2: writing the deliverable. Autosave survives a
// reload and a kill -9; a second member suggests and the owner accepts;
// two writers collide while apart and resolve it in one app; a
// contribution is reviewed; a consent decision validates a milestone;
// exports land through the save dialog's test seam. Run with `make test-e2e`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshDataDir, openBrowser, screenshotOnFailure, startApp, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function open(app, name) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => {
    if (!String(e.stack).includes('/wails/ipc.js')) console.error(`[${name}] page error:`, e.stack);
  });
  await page.goto(app.url);
  return page;
}

async function create(page, remote = '') {
  await page.getByRole('button', { name: 'Create a workspace' }).click();
  await page.getByLabel('Workspace name').fill('River Guide');
  await page.getByLabel('Your name').fill('Ana Lima');
  if (remote) await page.getByLabel('Where your community will sync (optional)').fill(remote);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('navigation', { name: 'Areas' }).waitFor();
}

async function addPart(page, title) {
  await page.keyboard.press('Control+5');
  await page.getByRole('heading', { level: 1, name: 'Deliverable' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Add the part' }).click();
  await page.getByRole('button', { name: title, exact: true }).waitFor();
}

async function openPart(page, title) {
  await page.getByRole('navigation', { name: 'Areas' }).waitFor();
  await page.keyboard.press('Control+5');
  await page.getByRole('heading', { level: 1, name: 'Deliverable' }).waitFor();
  await page.getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
}

async function type(page, text) {
  const editor = page.locator('.cm-content').first();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('autosave keeps the text across a reload and a kill -9', async () => {
  const data = freshDataDir();
  let app = await startApp(data);
  let page;
  try {
    page = await open(app, 'writer');
    await create(page);
    await addPart(page, 'Why rivers');
    await openPart(page, 'Why rivers');
    await type(page, 'Rivers carry the story of a valley.');
    await page.getByText('Saved', { exact: true }).waitFor();

    await page.reload();
    await openPart(page, 'Why rivers');
    await page.locator('.cm-content').getByText('Rivers carry the story of a valley.').waitFor();

    // Typing on, then killed before the next save.
    await type(page, ' Not saved yet');
    await app.kill();
    await page.close();

    app = await startApp(data);
    page = await open(app, 'writer');
    await openPart(page, 'Why rivers');
    const text = await page.locator('.cm-content').first().innerText();
    assert.match(text, /Rivers carry the story of a valley\./, 'what autosave saved survived the kill');
  } catch (error) {
    if (page && !page.isClosed()) await screenshotOnFailure(null, page, 'autosave');
    throw error;
  } finally {
    await app.stop();
  }
});

async function syncNow(page) {
  await page.keyboard.press('Control+9');
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByText(/segments? sent/).first().waitFor();
  await page.getByRole('button', { name: 'Sync now' }).waitFor();
}

test('suggest and accept, collide and resolve, review, decide, export', async () => {
  const remote = join(freshDataDir(), 'river-guide.git');
  const exports = freshDataDir();
  const ana = await startApp(freshDataDir(), { CAIRN_EXPORT_DIR: exports });
  const bo = await startApp(freshDataDir());
  let a;
  let b;
  try {
    a = await open(ana, 'ana');
    await create(a, remote);
    await addPart(a, 'Why rivers');
    await openPart(a, 'Why rivers');
    await type(a, 'Rivers carry stories.');
    await a.getByText('Saved', { exact: true }).waitFor();
    await syncNow(a);

    // Bo joins from his own computer and is approved.
    b = await open(bo, 'bo');
    await b.getByRole('button', { name: 'Join a workspace' }).click();
    await b.getByLabel('Where your community syncs').fill(remote);
    await b.getByLabel('Your name').fill('Bo Chen');
    await b.getByRole('button', { name: 'Join workspace' }).click();
    await b.getByRole('button', { name: 'Open the workspace' }).click();
    await syncNow(a);
    await a.keyboard.press('Control+4');
    await a.getByRole('button', { name: 'Approve Bo Chen' }).click();
    await a.getByRole('button', { name: 'Approve Bo Chen' }).waitFor({ state: 'detached' });

    // A collaboration part both write.
    await a.keyboard.press('Control+5');
    await a.getByLabel('Title', { exact: true }).fill('Methods');
    await a.getByLabel('Mode').selectOption('collaboration');
    await a.getByRole('group', { name: 'Writers' }).getByLabel('Bo Chen').check();
    await a.getByRole('group', { name: 'Writers' }).getByLabel('Ana Lima').check();
    await a.getByRole('button', { name: 'Add the part' }).click();
    await a.getByRole('button', { name: 'Methods', exact: true }).waitFor();
    await syncNow(a);
    await syncNow(b);

    // Bo may not write Ana's cooperation part: he suggests; she accepts.
    await openPart(b, 'Why rivers');
    await b.getByRole('heading', { name: 'Suggest a change' }).waitFor();
    await type(b, ' Season after season.');
    await b.getByLabel('Note for the owner').fill('Say how often');
    await b.getByRole('button', { name: 'Send suggestion' }).click();
    await b.getByRole('button', { name: 'Send suggestion' }).isDisabled();
    await syncNow(b);
    await syncNow(a);
    await openPart(a, 'Why rivers');
    await a.getByRole('button', { name: 'Accept' }).click();
    await a.locator('.cm-content').getByText(/Season after season/).waitFor();

    // Both write the same line of Methods while apart.
    await openPart(a, 'Methods');
    await type(a, 'Sample weekly.');
    await a.getByText('Saved', { exact: true }).waitFor();
    await openPart(b, 'Methods');
    await type(b, 'Sample monthly.');
    await b.getByText('Saved', { exact: true }).waitFor();
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    for (const page of [a, b]) {
      await page.keyboard.press('Control+5');
      await page.getByText('In conflict').first().waitFor();
    }
    // Bo resolves it with Ana's version; after the next syncs it is resolved in both.
    await openPart(b, 'Methods');
    await b.getByRole('button', { name: /Use this text \(version \d, by Ana Lima\)/ }).click();
    await b.getByRole('button', { name: 'Resolve' }).click();
    await b.getByRole('heading', { name: /In conflict/ }).waitFor({ state: 'detached' });
    await syncNow(b);
    await syncNow(a);
    for (const page of [a, b]) {
      await page.keyboard.press('Control+5');
      await page.getByRole('button', { name: 'Methods', exact: true }).waitFor();
      assert.equal(await page.getByText('In conflict').count(), 0, 'the conflict is resolved everywhere');
    }

    // Bo logs a contribution; Ana, a validator, accepts it.
    await b.keyboard.press('Control+6');
    await b.getByLabel('Find a type').fill('content');
    await b.getByRole('radio', { name: 'Content' }).check();
    await b.getByLabel('Note', { exact: true }).fill('Wrote the sampling schedule');
    await b.getByRole('button', { name: 'Log contribution' }).click();
    await b.getByText('Wrote the sampling schedule').first().waitFor();
    await syncNow(b);
    await syncNow(a);
    await a.keyboard.press('Control+6');
    await a.getByRole('button', { name: 'Accept' }).first().click();
    await a.getByText(/Bo Chen/).first().waitFor();

    // A milestone, validated by a consent decision's outcome.
    await a.keyboard.press('Control+3');
    await a.getByLabel('Title', { exact: true }).fill('Guide ready');
    await a.getByLabel(/milestone/i).check();
    await a.getByRole('button', { name: 'Add step' }).click();
    await a.getByText('Guide ready').first().waitFor();
    await a.keyboard.press('Control+7');
    await a.getByLabel('Title', { exact: true }).fill('Publish the guide');
    await a.getByLabel('Consent').check();
    await a.getByRole('button', { name: 'Propose' }).click();
    const card = a.getByRole('form', { name: 'Vote on Publish the guide' });
    await card.getByLabel('Consent').check();
    await card.getByRole('button', { name: 'Vote' }).click();
    await a.getByText(/Your vote is (counted|changed)/).first().waitFor();
    const closing = a.getByRole('form', { name: 'Close Publish the guide' });
    await closing.getByLabel('Outcome').fill('We publish.');
    await closing.getByLabel(/Validates/).selectOption({ label: 'Guide ready' });
    await closing.getByRole('button', { name: 'Close decision' }).click();
    await a.keyboard.press('Control+3');
    await a.getByRole('button', { name: 'List' }).click();
    await a.locator('li', { hasText: 'Guide ready' }).locator('span', { hasText: /^Validated$/ }).first().waitFor();

    // Exports go through the save dialog's test seam.
    await a.keyboard.press('Control+0');
    for (const label of ['The deliverable as Markdown', 'The credits', 'The roadmap as a calendar (.ics)']) {
      await a.getByRole('button', { name: label }).click();
      await a.getByText(/^Saved to /).waitFor();
    }
    const files = readdirSync(exports).sort();
    assert.deepEqual(files, ['river-guide-credits.md', 'river-guide-roadmap.ics', 'river-guide.md']);
    const md = readFileSync(join(exports, 'river-guide.md'), 'utf8');
    assert.match(md, /## Why rivers\n\nRivers carry stories\. Season after season\./);
    assert.match(md, /## Methods\n\nSample weekly\./);
    assert.match(readFileSync(join(exports, 'river-guide-credits.md'), 'utf8'), /Bo Chen/);
  } catch (error) {
    if (a) await screenshotOnFailure(null, a, 'write-ana');
    if (b) await screenshotOnFailure(null, b, 'write-bo');
    throw error;
  } finally {
    await ana.stop();
    await bo.stop();
  }
});
