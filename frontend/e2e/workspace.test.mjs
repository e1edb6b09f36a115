// End to end: a person creates a workspace in the real app, finds their way
// around the shell with the keyboard, and finds everything again after a
// restart. Run with `make test-e2e`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, freshDataDir, openBrowser, screenshotOnFailure, startApp, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

async function withPage(name, url, body) {
  const page = await newPage(browser, { viewport: { width: 1200, height: 800 } });
  try {
    await page.goto(url);
    await body(page);
  } catch (error) {
    await screenshotOnFailure(null, page, name);
    throw error;
  } finally {
    await page.close();
  }
}

test('create a workspace, use the shell, and find it all after a restart', async () => {
  const data = freshDataDir();
  let app = await startApp(data);
  try {
    await withPage('create', app.url, async (page) => {
      await page.getByText('Welcome to Cairn').waitFor();

      await page.getByRole('button', { name: 'Join a workspace' }).click();
      await page.getByLabel('Where your community syncs').waitFor();
      await page.getByRole('button', { name: 'Back' }).click();

      await page.getByRole('button', { name: 'Create a workspace' }).click();
      await page.getByRole('button', { name: 'Create workspace' }).click();
      const workspaceName = page.getByLabel('Workspace name');
      assert.equal(await workspaceName.getAttribute('aria-invalid'), 'true', 'an empty name is flagged on its field');

      await workspaceName.fill('Field Guide to Rivers');
      await page.getByLabel('Your name').fill('x'.repeat(500));
      await page.getByRole('button', { name: 'Create workspace' }).click();
      assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true', 'a 500-character name is flagged');

      await page.getByLabel('Your name').fill('Ana Lima');
      await page.getByRole('button', { name: 'Create workspace' }).click();

      const nav = page.getByRole('navigation', { name: 'Areas' });
      await nav.waitFor();
      await page.getByText('Field Guide to Rivers').first().waitFor();

      // Ctrl+4 is Roles.
      await page.keyboard.press('Control+4');
      await page.getByRole('heading', { level: 1, name: 'Roles' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Add a role' }).waitFor();
      assert.equal(await nav.getByRole('button', { name: 'Roles', exact: true }).getAttribute('aria-current'), 'page');

      // The bound call answers from SQLite through the Go backend.
      const info = await page.evaluate(() => window.go.app.WorkspaceService.Info());
      assert.equal(info.workspaceName, 'Field Guide to Rivers');
      assert.equal(info.memberName, 'Ana Lima');
      assert.match(info.keyFingerprint, /^SHA256:/);

      // Settings: switch to the dark theme, kept for the next start.
      await page.keyboard.press('Control+0');
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await page.getByLabel('Dark').check();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    });

    // The command line cannot write while the app holds the folder.
    await assert.rejects(cli('init', 'Another', '--as', 'Bo', '--data', data), (error) => {
      assert.match(error.stderr, /already running with the data folder/);
      return true;
    });

    // A second Cairn on the same data folder explains itself and changes nothing.
    const second = await startApp(data);
    try {
      await withPage('locked', second.url, async (page) => {
        await page.getByRole('heading', { level: 1, name: 'Cairn is already open' }).waitFor();
        await page.getByText(/already running/).waitFor();
      });
    } finally {
      await second.stop();
    }
  } finally {
    await app.stop();
  }

  // The workspace is in SQLite: the command line reads it back.
  const whoami = JSON.parse(await cli('whoami', '--json', '--data', data));
  assert.equal(whoami.workspaceName, 'Field Guide to Rivers');
  assert.equal(whoami.memberName, 'Ana Lima');
  assert.match(whoami.publicKey, /^[0-9a-f]{64}$/);

  app = await startApp(data);
  try {
    await withPage('restart', app.url, async (page) => {
      await page.getByRole('navigation', { name: 'Areas' }).waitFor();
      await page.getByText('Field Guide to Rivers').first().waitFor();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    });
  } finally {
    await app.stop();
  }
});

test('a damaged database is explained and moved aside only when asked', async () => {
  const data = freshDataDir();
  const { writeFileSync, readdirSync } = await import('node:fs');
  writeFileSync(`${data}/cairn.db`, 'this is not a database '.repeat(300));
  const app = await startApp(data);
  try {
    await withPage('damaged', app.url, async (page) => {
      await page.getByText(/is damaged/).waitFor();
      assert.deepEqual(readdirSync(data).filter((f) => f.includes('damaged')), [], 'nothing moved before asking');
      await page.getByRole('button', { name: 'Move it aside and start again' }).click();
      await page.getByRole('button', { name: 'Yes, move it aside' }).click();
      await page.getByText('Welcome to Cairn').waitFor();
      assert.match(await page.getByTestId('moved-to').textContent(), /cairn\.db\.damaged-/);
      assert.equal(readdirSync(data).filter((f) => f.startsWith('cairn.db.damaged-')).length, 1);
    });
  } finally {
    await app.stop();
  }
});

test('join a workspace through a folder remote, and be approved from the command line', async () => {
  // The community: a coordinator who syncs through a bare repository on disk.
  const founder = freshDataDir();
  const remote = join(freshDataDir(), 'river-guide.git');
  await cli('init', 'River Guide', '--as', 'Ana', '--data', founder);
  await cli('remote', 'set', remote, '--data', founder);
  await cli('sync', '--data', founder);

  const data = freshDataDir();
  const app = await startApp(data);
  try {
    await withPage('join', app.url, async (page) => {
      await page.getByRole('button', { name: 'Join a workspace' }).click();
      await page.getByLabel('Where your community syncs').fill(remote);
      await page.getByLabel('Your name').fill('Ana');
      await page.getByRole('button', { name: 'Join workspace' }).click();
      // The name is taken: the refusal sits next to the name, with the way out.
      await page.getByText(/already in this workspace/).waitFor();
      assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true');

      await page.getByLabel('Your name').fill('Bo Chen');
      await page.getByRole('button', { name: 'Join workspace' }).click();
      const ask = page.getByTestId('join-ask');
      await ask.waitFor();
      assert.match(await ask.textContent(), /^Please approve Bo Chen in River Guide\. My key is SHA256:/);
      await page.getByRole('button', { name: 'Open the workspace' }).click();
      await page.getByRole('navigation', { name: 'Areas' }).waitFor();
      await page.getByText('River Guide').first().waitFor();
    });
  } finally {
    await app.stop();
  }
  // The coordinator sees the request after a sync and approves it.
  await cli('sync', '--data', founder);
  const stdout = await cli('member', 'list', '--json', '--data', founder);
  const bo = JSON.parse(stdout).find((m) => m.name === 'Bo Chen');
  assert.ok(bo && !bo.approved, 'the join request reached the coordinator');
  await cli('member', 'approve', 'Bo Chen', '--data', founder);
});
