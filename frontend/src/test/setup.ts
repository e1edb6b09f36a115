// Deadlines for every Vitest file. Tests wait for what they need to see
// (testing-library's findBy and waitFor poll for it); these deadlines are
// generous so that a busy machine is waited for, and cost nothing when the
// machine is quiet. testing-library's own default gives up after one second.
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 30_000 });
