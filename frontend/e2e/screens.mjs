// Takes a picture of every screen, in the light and the dark theme, into
// docs/screens/, from the real backend with a community's worth of data
// made through the command line. Run with `make screens`; look at each.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, freshDataDir, openBrowser, root, startApp, newPage, stepTimeout } from './harness.mjs';

const out = join(root, 'docs', 'screens');
mkdirSync(out, { recursive: true });

// A community: Ana coordinates, Bo joined and was approved, Cleo asks.
const remote = join(freshDataDir(), 'river-guide.git');
const ana = freshDataDir();
const bo = freshDataDir();
const cleo = freshDataDir();
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const id = async (...args) => (await cli(...args)).trim().split('\n').pop();

await cli('init', 'River Guide', '--as', 'Ana Lima', '--data', ana);
await cli('remote', 'set', remote, '--data', ana);
await cli('sync', '--data', ana);
await cli('join', remote, '--as', 'Bo Chen', '--data', bo);
await cli('join', remote, '--as', 'Cleo Diaz', '--data', cleo);
await cli('sync', '--data', ana);
await cli('member', 'approve', 'Bo Chen', '--data', ana);
await cli('vision', 'set', 'A field guide any river group can use to sample, read and share the health of its river.', '--data', ana);
await cli('role', 'add', 'Editor', '--who', 'One experienced member', '--when', 'Each Friday', '--how', 'Reviews contributions and validates steps', '--can', 'validate,contribute', '--data', ana);
await cli('role', 'add', 'Writer', '--who', 'Anyone drafting a part', '--when', 'Any time', '--how', 'Drafts and suggests', '--can', 'contribute', '--data', ana);
await cli('role', 'assign', 'Editor', 'Bo Chen', '--data', ana);
const survey = await id('step', 'add', 'Survey the rivers', '--start', day(-20), '--due', day(-2), '--owner', 'Ana Lima', '--data', ana);
await cli('step', 'set', survey, '--status', 'done', '--data', ana);
const analyse = await id('step', 'add', 'Analyse samples', '--start', day(-1), '--due', day(10), '--owner', 'Editor', '--after', survey, '--data', ana);
await cli('step', 'set', analyse, '--status', 'active', '--data', ana);
const draft = await id('step', 'add', 'Draft the guide', '--start', day(8), '--due', day(30), '--owner', 'Bo Chen', '--after', analyse, '--data', ana);
await id('step', 'add', 'Guide ready', '--milestone', '--due', day(40), '--after', draft, '--data', ana);
const why = await id('part', 'add', 'Why rivers', '--kind', 'synthesise', '--data', ana);
const methods = await id('part', 'add', 'Methods', '--kind', 'co-create', '--mode', 'collaboration', '--writer', 'Bo Chen', '--data', ana);
const { writeFileSync } = await import('node:fs');
const draftFile = join(freshDataDir(), 'why.md');
writeFileSync(draftFile, '# Why rivers\n\nRivers carry the story of a valley: what the land gives them, and what we throw in.\n\n- Sample *weekly*\n- Share the numbers\n');
await cli('part', 'write', why, '--file', draftFile, '--data', ana);
const methodsFile = join(freshDataDir(), 'methods.md');
writeFileSync(methodsFile, 'Take a clean bottle. Label it. Sample at the same hour each week.\n');
await cli('part', 'write', methods, '--file', methodsFile, '--data', ana);
await id('decision', 'propose', 'Publish the guide in February', '--method', 'consent', '--quorum', '2', '--closes', day(30), '--data', ana);
await cli('canvas', 'answer', 'content', 'A sampling method anyone can follow, and what the numbers mean.', '--data', ana);
await cli('need', 'add', 'Photos of the estuary at low tide', '--data', ana);
await cli('sync', '--data', ana);
await cli('sync', '--data', bo);
// Nobody reviews their own contribution: Bo logs one, Ana accepts it.
const contrib = await id('contrib', 'log', '--type', 'content', '--part', why, '--note', 'Wrote the first draft', '--data', bo);
await cli('offer', 'add', 'Portuguese translation', '--data', bo);
await cli('canvas', 'answer', 'exchange', 'I can run the sampling workshops.', '--data', bo);
await cli('sync', '--data', bo);
await cli('sync', '--data', ana);
await cli('contrib', 'review', contrib, '--accept', '--data', ana);

// settled waits until the page has stopped loading and changing: nothing
// says "Loading…", and the page's text and layout stay the same for a whole
// second (longer than any debounce on the page, such as the preview's), at
// looks a quarter of a second apart. A picture is taken of what a person
// would see, however long a busy machine takes to get there.
async function settled(page) {
  await page.waitForFunction(() => !document.body.innerText.includes('Loading'));
  let last = '';
  let same = 0;
  for (const deadline = Date.now() + stepTimeout; Date.now() < deadline;) {
    const now = await page.evaluate(() => `${document.body.innerText}|${document.body.scrollHeight}|${document.querySelectorAll('*').length}`);
    same = now === last ? same + 1 : 0;
    if (same >= 4) return;
    last = now;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the page kept changing: no still picture to take');
}

const screens = ['home', 'vision', 'roadmap', 'roles', 'deliverable', 'contributions', 'decisions', 'activity', 'sync', 'settings'];
const keys = { home: '1', vision: '2', roadmap: '3', roles: '4', deliverable: '5', contributions: '6', decisions: '7', activity: '8', sync: '9', settings: '0' };
const app = await startApp(ana);
const browser = await openBrowser();
try {
  for (const theme of ['light', 'dark']) {
    const page = await newPage(browser, { viewport: { width: 1280, height: 1400 } });
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'Areas' }).waitFor();
    await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
    for (const screen of screens) {
      await page.keyboard.press(`Control+${keys[screen]}`);
      await settled(page);
      if (screen === 'roadmap') {
        const timeline = page.getByRole('button', { name: /timeline/i }).or(page.getByRole('tab', { name: /timeline/i }));
        if (await timeline.count()) {
          await page.screenshot({ path: join(out, `roadmap-list-${theme}.png`) });
          await timeline.first().click();
          await settled(page);
        }
      }
      if (screen === 'deliverable') {
        await page.getByRole('button', { name: 'Why rivers', exact: true }).click();
        await page.getByRole('heading', { level: 2, name: 'Why rivers' }).waitFor();
        await settled(page);
      }
      await page.screenshot({ path: join(out, `${screen}-${theme}.png`) });
    }
    await page.close();
  }
  // The first-run and join screens, on an empty folder.
  const fresh = await startApp(freshDataDir());
  try {
    const page = await newPage(browser, { viewport: { width: 1000, height: 860 } });
    await page.goto(fresh.url);
    await page.getByText('Welcome to Cairn').waitFor();
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
      await page.screenshot({ path: join(out, `welcome-${theme}.png`) });
      await page.getByRole('button', { name: 'Join a workspace' }).click();
      await page.screenshot({ path: join(out, `join-${theme}.png`) });
      await page.getByRole('button', { name: 'Back' }).click();
    }
    await page.close();
  } finally {
    await fresh.stop();
  }
} finally {
  await browser.close();
  await app.stop();
}
console.log(`screens written to ${out}`);
