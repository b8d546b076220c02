// Jest's node environment, plus one record per test and per hook that ran: its duration and the timeout it
// had, which jest's --json output does not give. scripts/test-summary.mjs reads them to name the tests that
// came close to their timeout (a CI that fails when the machine is busy is a flaky CI: issue 16, item 7).
// Written only when SCRUTIN_TEST_TIMINGS names a file (scripts/test.sh): one JSON line per test or hook,
// { file, name, kind: 'test' | 'hook', ms, timeoutMs }, appended by each worker at the end of each file, and
// one { file, kind: 'file', ms, cpuMs } per file: its wall time and the CPU it cost (the worker's threads and
// the processes it started and waited for: CLIs, servers, browsers), which the summary ranks, since on two
// cores the suite's length is its CPU (issue 16, item 7).
const { appendFileSync, readFileSync } = require('node:fs');
const { relative } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

/** « describe › sub › test » from a circus test or describe block up to the root. */
function fullName(block) {
  const names = [];
  for (let b = block; b && b.parent; b = b.parent) names.unshift(b.name);
  return names.join(' › ');
}

/**
 * CPU time of this process and of its children that ended, in ms: utime + stime + cutime + cstime of
 * /proc/self/stat (fields 14–17, in clock ticks of 10 ms on Linux); null elsewhere.
 */
function cpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state (field 3): utime is field 14, i.e. fields[11].
    return fields.slice(11, 15).reduce((n, f) => n + Number(f), 0) * 10;
  } catch {
    return null;
  }
}

class TimedEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.file = relative(config.globalConfig.rootDir, context.testPath);
    this.records = [];
    this.hookStarts = new Map();
    this.started = Date.now();
    this.cpuAtStart = cpuMs();
  }

  handleTestEvent(event, state) {
    if (!process.env.SCRUTIN_TEST_TIMINGS) return;
    if (event.name === 'test_done' && event.test.duration != null) {
      this.records.push({ file: this.file, name: fullName(event.test), kind: 'test', ms: event.test.duration, timeoutMs: event.test.timeout || state.testTimeout });
    } else if (event.name === 'hook_start') {
      this.hookStarts.set(event.hook, Date.now());
    } else if (event.name === 'hook_success' || event.name === 'hook_failure') {
      const started = this.hookStarts.get(event.hook);
      if (started === undefined) return;
      this.hookStarts.delete(event.hook);
      const where = event.hook.parent ? fullName(event.hook.parent) : '';
      this.records.push({ file: this.file, name: `${where ? `${where} › ` : ''}${event.hook.type}`, kind: 'hook', ms: Date.now() - started, timeoutMs: event.hook.timeout || state.testTimeout });
    }
  }

  async teardown() {
    if (process.env.SCRUTIN_TEST_TIMINGS) {
      const cpu = cpuMs();
      this.records.push({ file: this.file, kind: 'file', ms: Date.now() - this.started, cpuMs: cpu === null || this.cpuAtStart === null ? null : cpu - this.cpuAtStart });
      appendFileSync(process.env.SCRUTIN_TEST_TIMINGS, this.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
    await super.teardown();
  }
}

module.exports = TimedEnvironment;
