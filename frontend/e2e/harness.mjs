// Starts the real Cairn dev binary under Xvfb with its own data folder and
// port, and a Chromium that talks to it: the end-to-end tests drive the Go
// backend through the same bound calls the window uses.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const devBinary = join(root, 'build', 'bin', 'cairn-dev');
export const cliBinary = join(root, 'build', 'bin', 'cairn');
export const resultsDir = join(root, 'test-results');

export function freshDataDir() {
  return mkdtempSync(join(tmpdir(), 'cairn-e2e-'));
}

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// startApp runs the dev binary on a free port and waits until it serves the
// frontend. The returned stop() ends the app and its Xvfb.
export async function startApp(dataDir, extraEnv = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, CAIRN_DATA: dataDir, ...extraEnv };
  // Without a session bus the single-instance lock is the data folder's
  // flock, which is the path these tests check.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn(
    'xvfb-run',
    ['-a', '-s', '-screen 0 1280x800x24', devBinary,
      '-devserver', `127.0.0.1:${port}`, '-assetdir', join(root, 'frontend', 'dist'), '-loglevel', 'Warning'],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((done) => child.once('exit', done));

  const deadline = Date.now() + stepTimeout;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited early:\n${log}`);
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`the app did not serve ${url} within ${stepTimeout / 1000} s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // ended waits for the app to exit, up to the step deadline, so a busy
  // machine is waited for; an app that outlives it is killed outright, and
  // its exit awaited, so the next app on this data folder never meets it.
  const ended = async () => {
    let timer;
    const deadline = new Promise((r) => { timer = setTimeout(() => r(false), stepTimeout); });
    const gone = await Promise.race([exited.then(() => true), deadline]);
    clearTimeout(timer); // a pending deadline would keep the test process alive
    if (!gone) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await exited;
    }
  };
  return {
    url,
    log: () => log,
    /** Kills the app and its Xvfb at once, as a crash or a power cut would. */
    async kill() {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await ended();
    },
    async stop() {
      if (child.exitCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      }
      await ended();
    },
  };
}

// How long any one step of a test may wait for the page: a click to land, a
// text to appear, a sync to finish. Tests wait for what they need to see,
// never for a fixed time; this deadline is generous so that a busy machine
// is waited for, and costs nothing when the machine is quiet.
export const stepTimeout = 180_000;

// newPage opens a page with the generous step deadline.
export async function newPage(browser, options) {
  const page = await browser.newPage(options);
  page.setDefaultTimeout(stepTimeout);
  page.setDefaultNavigationTimeout(stepTimeout);
  return page;
}

export async function openBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Save a picture of the page when a test fails, to see what a person saw.
export async function screenshotOnFailure(t, page, name) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`) }).catch(() => {});
}

export async function cli(...args) {
  const { stdout } = await promisify(execFile)(cliBinary, args);
  return stdout;
}
