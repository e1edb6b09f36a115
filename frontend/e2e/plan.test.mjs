// End to end, the app part 1: a coordinator plans in the real app (vision,
// a role, steps with a dependency, the timeline, a refused loop), syncs to
// a bare repository on disk, and a second app joins, is approved, and shows
// the same roadmap. Run with `make test-e2e`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freshDataDir, openBrowser, screenshotOnFailure, startApp, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function open(app, name) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  // Wails' own dev-server script (wails/ipc.js) throws once at load; ours must not.
  page.on('pageerror', (e) => {
    if (!String(e.stack).includes('/wails/ipc.js')) console.error(`[${name}] page error:`, e.stack);
  });
  await page.goto(app.url);
  return page;
}

async function syncNow(page) {
  await page.keyboard.press('Control+9');
  await page.getByRole('heading', { level: 1, name: 'Sync' }).waitFor();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByText(/segments? sent/).first().waitFor();
}

test('plan, sync, and a second app joins and sees the same roadmap', async () => {
  const remote = join(freshDataDir(), 'river-guide.git');
  const ana = await startApp(freshDataDir());
  const bo = await startApp(freshDataDir());
  let a;
  let b;
  try {
    a = await open(ana, 'ana');
    await a.getByRole('button', { name: 'Create a workspace' }).click();
    await a.getByLabel('Workspace name').fill('River Guide');
    await a.getByLabel('Your name').fill('Ana Lima');
    await a.getByLabel('Where your community will sync (optional)').fill(remote);
    await a.getByRole('button', { name: 'Create workspace' }).click();
    await a.getByRole('navigation', { name: 'Areas' }).waitFor();

    // The vision.
    await a.keyboard.press('Control+2');
    await a.getByRole('button', { name: 'Edit the vision' }).click();
    await a.getByLabel('The shared vision').fill('A field guide any river group can use.');
    await a.getByRole('button', { name: 'Save', exact: true }).click();
    await a.getByText('A field guide any river group can use.').first().waitFor();

    // A role.
    await a.keyboard.press('Control+4');
    await a.getByLabel('Name', { exact: true }).fill('Editor');
    await a.getByLabel('Who', { exact: true }).fill('One experienced member');
    await a.getByLabel('Validate', { exact: true }).check();
    await a.getByRole('button', { name: 'Add role' }).click();
    await a.getByRole('heading', { name: 'Editor' }).first().waitFor();

    // Two steps, the second waiting for the first.
    await a.keyboard.press('Control+3');
    const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await a.getByLabel('Title', { exact: true }).fill('Survey the rivers');
    await a.getByLabel('Start (optional)').fill(day(-3));
    await a.getByLabel('Due (optional)').fill(day(7));
    await a.getByRole('button', { name: 'Add step' }).click();
    await a.getByRole('status').filter({ hasText: /added/i }).first().waitFor();
    await a.getByLabel('Title', { exact: true }).fill('Analyse samples');
    await a.getByLabel('Due (optional)').fill(day(20));
    await a.getByRole('group', { name: /Waits for/ }).getByLabel('Survey the rivers').check();
    await a.getByRole('button', { name: 'Add step' }).click();
    const steps = a.getByRole('region', { name: 'Steps' }).or(a.locator('section[aria-labelledby="roadmap-steps-title"]'));
    await steps.getByText('Analyse samples').first().waitFor();

    // A loop is refused inline, with the loop named.
    await a.getByRole('button', { name: 'Dependencies… of Survey the rivers' }).click();
    await a.getByRole('group', { name: /Steps “Survey the rivers” waits for/ }).getByLabel('Analyse samples').check();
    await a.getByRole('button', { name: 'Save dependencies' }).click();
    await a.getByText(/wait for each other forever: .*Survey the rivers.*Analyse samples/).first().waitFor();

    // The timeline shows both, with the dependency.
    await a.getByRole('button', { name: 'Timeline' }).click();
    await a.locator('.bar-wrapper').first().waitFor();
    assert.equal(await a.locator('.bar-wrapper').count(), 2, 'two bars on the timeline');
    assert.ok(await a.locator('.arrow').count() >= 1, 'the dependency is drawn');

    await syncNow(a);

    // A second app joins through the same folder.
    b = await open(bo, 'bo');
    await b.getByRole('button', { name: 'Join a workspace' }).click();
    await b.getByLabel('Where your community syncs').fill(remote);
    await b.getByLabel('Your name').fill('Bo Chen');
    await b.getByRole('button', { name: 'Join workspace' }).click();
    await b.getByTestId('join-ask').waitFor();
    await b.getByRole('button', { name: 'Open the workspace' }).click();
    await b.getByRole('navigation', { name: 'Areas' }).waitFor();

    // The coordinator takes the request in and approves it.
    await syncNow(a);
    await a.keyboard.press('Control+4');
    await a.getByRole('button', { name: 'Approve Bo Chen' }).click();
    await a.getByRole('button', { name: 'Approve Bo Chen' }).waitFor({ state: 'detached' });
    await syncNow(a);

    // Both show the same roadmap.
    await syncNow(b);
    for (const page of [a, b]) {
      await page.keyboard.press('Control+3');
      const list = page.getByRole('button', { name: 'List' });
      await list.click();
      await page.getByText('Analyse samples').first().waitFor();
      await page.getByText('Survey the rivers').first().waitFor();
    }
    const members = await b.evaluate(() => window.go.app.AreasService.Snapshot());
    assert.ok(members.members.find((m) => m.name === 'Bo Chen' && m.approved), 'Bo is approved on his own computer');
  } catch (error) {
    if (a) await screenshotOnFailure(null, a, 'plan-ana');
    if (b) await screenshotOnFailure(null, b, 'plan-bo');
    throw error;
  } finally {
    await ana.stop();
    await bo.stop();
  }
});
