// Tests of the CI template, this project's pipeline and the airflow-dags example, run through
// gitlab-ci-local: it validates each configuration against GitLab's CI JSON schema, interpolates
// `spec:inputs` and evaluates `rules:` for simulated pipelines (predefined variables set by hand).
// gitlab-ci-local cannot fetch `include: project:` offline, so every test copies the files it needs
// into a scratch git repository and includes the template with `include: local:`.
//
// Usage: node template-tests.mjs --root DIR --tools DIR [--junit FILE]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const results = [];
const scratchDirs = [];
const args = parseArgs(process.argv.slice(2));
const ROOT = args.root;
const TOOLS = args.tools;
const GLCL = path.join(TOOLS, 'node_modules', 'gitlab-ci-local', 'src', 'index.js');
const yaml = createRequire(path.join(TOOLS, 'package.json'))('js-yaml');

const TEMPLATE = read('ci-templates/merge-gate.yml');
const OWN_PIPELINE = read('.gitlab-ci.yml');
const EXAMPLE_DIR = path.join(ROOT, 'examples', 'airflow-dags');
const EXAMPLE_PIPELINE = read('examples/airflow-dags/.gitlab-ci.yml');

const SHA = 'ab'.repeat(32);
const GATE_JOBS = ['merge-gate:validate', 'merge-gate:check', 'merge-gate:break-glass', 'merge-gate:deploy'];

// The predefined variables GitLab sets for each kind of pipeline (the ones our rules read).
const PIPELINES = {
  mergeRequest: {
    set: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '7',
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_DEFAULT_BRANCH: 'main',
    },
    unset: ['CI_COMMIT_BRANCH', 'CI_COMMIT_TAG'],
  },
  defaultBranch: {
    set: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' },
    unset: ['CI_COMMIT_TAG'],
  },
  featureBranch: {
    set: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'ana/new-dag', CI_DEFAULT_BRANCH: 'main' },
    unset: ['CI_COMMIT_TAG'],
  },
  releaseTag: {
    set: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'v1.2.3', CI_DEFAULT_BRANCH: 'main' },
    unset: ['CI_COMMIT_BRANCH'],
  },
  schedule: {
    set: { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' },
    unset: ['CI_COMMIT_TAG'],
  },
  otherTag: {
    set: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_TAG: 'nightly-2026-10-01', CI_DEFAULT_BRANCH: 'main' },
    unset: ['CI_COMMIT_BRANCH'],
  },
};

// ---------------------------------------------------------------------------------------------
// The template, included by a minimal adopter with its own test job.

function adopter(inputs, extra = '') {
  const lines = Object.entries(inputs).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  return [
    'stages: [test, deploy]',
    'include:',
    '  - local: /ci-templates/merge-gate.yml',
    '    inputs:',
    ...lines,
    'unit-tests:',
    '  stage: test',
    '  script: [pytest]',
    extra,
  ].join('\n');
}

const REQUIRED = { version: '1.2.3', jar_sha256: SHA, project: 'data-platform/merge-gate' };

const templateRepo = scratch({
  'ci-templates/merge-gate.yml': TEMPLATE,
  '.gitlab-ci.yml': adopter(REQUIRED),
});

test('template: an MR pipeline has validate, check and a manual break-glass, and no deploy', () => {
  const jobs = listJobs(templateRepo, 'mergeRequest');
  expectNames(jobs, ['unit-tests', 'merge-gate:validate', 'merge-gate:check', 'merge-gate:break-glass']);
  expectEqual(jobs['merge-gate:check'].when, 'on_success', 'check runs by itself');
  expectEqual(jobs['merge-gate:validate'].when, 'on_success', 'validate runs by itself');
  expectManual(jobs['merge-gate:break-glass']);
});

test('template: a default-branch pipeline has a manual break-glass and the deploy', () => {
  const jobs = listJobs(templateRepo, 'defaultBranch');
  expectNames(jobs, ['unit-tests', 'merge-gate:break-glass', 'merge-gate:deploy']);
  expectEqual(jobs['merge-gate:deploy'].when, 'on_success', 'deploy runs by itself');
  expectManual(jobs['merge-gate:break-glass']);
});

test('template: branch pushes other than the default branch, and tags, run no gate job', () => {
  expectNames(listJobs(templateRepo, 'featureBranch'), ['unit-tests']);
  expectNames(listJobs(templateRepo, 'releaseTag'), ['unit-tests']);
});

test('template: deploy waits for the repository\'s own tests (a later stage, no needs)', () => {
  const config = preview(templateRepo, 'defaultBranch');
  const stages = config.stages;
  const deploy = config['merge-gate:deploy'];
  expect(stages.indexOf(deploy.stage) > stages.indexOf(config['unit-tests'].stage),
    `deploy stage ${deploy.stage} must come after ${config['unit-tests'].stage} in ${stages}`);
  expect(deploy.needs === undefined, `deploy must not use needs (it would skip the stage order): ${JSON.stringify(deploy.needs)}`);
});

test('template: check reports JUnit always and is interruptible; deploy is serialised, not interruptible, and recorded', () => {
  const config = preview(templateRepo, 'mergeRequest');
  const check = config['merge-gate:check'];
  expectEqual(check.artifacts.when, 'always', 'check artifacts:when');
  expectEqual(check.artifacts.reports.junit, 'merge-gate-report/junit.xml', 'check junit report');
  expectEqual(check.interruptible, true, 'check interruptible');
  expectEqual(config['merge-gate:validate'].interruptible, true, 'validate interruptible');
  const deploy = config['merge-gate:deploy'];
  expectEqual(deploy.interruptible, false, 'deploy interruptible');
  expect(typeof deploy.resource_group === 'string' && deploy.resource_group.length > 0, 'deploy has a resource_group');
  expectEqual(deploy.environment.name, 'production', 'deploy environment');
  expectEqual(JSON.stringify(deploy.artifacts.paths), '["deploy.json"]', 'deploy artifacts');
  const breakGlass = config['merge-gate:break-glass'];
  expect(/MERGE_GATE_REASON/.test(breakGlass.manual_confirmation), 'break-glass tells the person to set MERGE_GATE_REASON');
});

test('template: every job runs the jar only after verifying the pinned checksum, in a digest-pinned image', () => {
  const config = preview(templateRepo, 'defaultBranch');
  for (const name of ['merge-gate:break-glass', 'merge-gate:deploy']) {
    const job = config[name];
    const before = job.before_script.join('\n');
    expect(/sha256sum -c -/.test(before), `${name} verifies the jar with sha256sum -c`);
    expect(before.indexOf('sha256sum -c') < before.indexOf('java -jar'), `${name} verifies before running`);
    expectEqual(job.variables.MERGE_GATE_JAR_SHA256, SHA, `${name} jar checksum`);
    expectEqual(job.variables.MERGE_GATE_VERSION, '1.2.3', `${name} version`);
    expect(/@sha256:[0-9a-f]{64}$/.test(imageName(job)), `${name} image pinned by digest: ${imageName(job)}`);
  }
  const script = config['merge-gate:deploy'].script.join('\n');
  expect(script.includes('java -jar merge-gate.jar deploy --targets "ceph,hdfs"'), `deploy command: ${script}`);
});

test('template: inputs interpolate (report dir, stages, flags, targets, environment)', () => {
  const repo = scratch({
    'ci-templates/merge-gate.yml': TEMPLATE,
    '.gitlab-ci.yml': adopter({
      ...REQUIRED,
      report_dir: 'reports/gate',
      check_stage: 'review',
      deploy_stage: 'ship',
      comment: false,
      status: true,
      deploy_targets: 'ceph',
      environment: 'airflow-analytics',
    }).replace('stages: [test, deploy]', 'stages: [review, test, ship]'),
  });
  const mr = preview(repo, 'mergeRequest');
  const check = mr['merge-gate:check'];
  expectEqual(check.stage, 'review', 'check stage');
  expectEqual(check.artifacts.reports.junit, 'reports/gate/junit.xml', 'junit path');
  expectEqual(JSON.stringify(check.artifacts.paths), '["reports/gate/"]', 'artifact paths');
  const script = check.script.join('\n');
  expect(script.includes('--report-dir "reports/gate"'), `report dir in the command: ${script}`);
  expect(script.includes('if [ "false" = "true" ]; then set -- "$@" --comment; fi'), `comment: false: ${script}`);
  expect(script.includes('if [ "true" = "true" ]; then set -- "$@" --status; fi'), `status: true: ${script}`);
  const main = preview(repo, 'defaultBranch');
  const deploy = main['merge-gate:deploy'];
  expectEqual(deploy.stage, 'ship', 'deploy stage');
  expectEqual(deploy.environment.name, 'airflow-analytics', 'deploy environment');
  expect(deploy.script.join('\n').includes('--targets "ceph"'), 'deploy targets');
  expect(deploy.resource_group.includes('airflow-analytics'), `resource group per environment: ${deploy.resource_group}`);
});

test('template: merge-gate:audit is opt-in and runs only in scheduled pipelines', () => {
  expect(!('merge-gate:audit' in listJobs(templateRepo, 'schedule')), 'no audit unless the input audit is true');
  const repo = scratch({
    'ci-templates/merge-gate.yml': TEMPLATE,
    '.gitlab-ci.yml': adopter({ ...REQUIRED, audit: true, audit_days: 30, audit_dir: 'reports/audit' }),
  });
  for (const pipeline of ['mergeRequest', 'defaultBranch', 'featureBranch', 'releaseTag']) {
    expect(!('merge-gate:audit' in listJobs(repo, pipeline)), `no audit in a ${pipeline} pipeline`);
  }
  expect('merge-gate:audit' in listJobs(repo, 'schedule'), 'audit in a scheduled pipeline');
  expect(!('merge-gate:deploy' in listJobs(repo, 'schedule')), 'a scheduled pipeline never deploys');
  const audit = preview(repo, 'schedule')['merge-gate:audit'];
  const script = audit.script.join('\n');
  expect(script.includes('date -u -d "-30 days"'), `audit_days in the window: ${script}`);
  expect(script.includes('--format html'), `HTML report: ${script}`);
  expect(script.includes('--output "reports/audit/audit.html"'), `HTML report path: ${script}`);
  expect(script.includes('--json-output "reports/audit/audit.json"'), `JSON report: ${script}`);
  expectEqual(audit.artifacts.when, 'always', 'audit artifacts:when (kept when it fails on violations)');
  expectEqual(JSON.stringify(audit.artifacts.paths), '["reports/audit/"]', 'audit artifact paths');
  expect(/sha256sum -c -/.test(audit.before_script.join('\n')), 'audit verifies the jar');
});

test('template: a value of the wrong type is rejected', () => {
  const result = glclIn(templateRepo, ['--list'], 'mergeRequest', adopter({ ...REQUIRED, comment: 'yes' }));
  expect(result.status !== 0, 'gitlab-ci-local must fail');
  expect(/comment.*not a boolean/.test(result.out), `names the input: ${result.out.slice(-400)}`);
});

test('template: a missing jar_sha256 is rejected (nothing runs unpinned)', () => {
  const { jar_sha256, ...withoutSha } = REQUIRED;
  const result = glclIn(templateRepo, ['--list'], 'mergeRequest', adopter(withoutSha));
  expect(result.status !== 0, 'gitlab-ci-local must fail');
  expect(/jar_sha256.*required value has not been provided/.test(result.out), `names the input: ${result.out.slice(-400)}`);
});

// gitlab-ci-local does not enforce `regex:` or unknown input names; GitLab does. Check them here.
const spec = yaml.loadAll(TEMPLATE)[0].spec.inputs;

test('template: input regexes accept the defaults and refuse unpinned or malformed values', () => {
  for (const [name, input] of Object.entries(spec)) {
    if (input.regex && input.default !== undefined) {
      expect(new RegExp(input.regex).test(String(input.default)), `default of ${name} matches its regex`);
    }
  }
  const refused = {
    image: ['eclipse-temurin:17-jre', 'eclipse-temurin:latest', 'eclipse-temurin@sha256:abc'],
    jar_sha256: ['', 'AB'.repeat(32), 'ab'.repeat(31), `${SHA} `],
    version: ['latest', 'v1.2.3', '1.2'],
    deploy_targets: ['', 'ceph,', 'Ceph', 'ceph hdfs'],
    report_dir: ['/abs', '../up', 'a dir'],
    project: ['merge-gate', 'group/'],
  };
  for (const [name, values] of Object.entries(refused)) {
    expect(spec[name]?.regex, `${name} has a regex`);
    for (const value of values) {
      expect(!new RegExp(spec[name].regex).test(value), `${name} refuses ${JSON.stringify(value)}`);
    }
  }
  const accepted = { version: ['1.0.0', '12.3.45'], deploy_targets: ['ceph', 'ceph,hdfs', 'ceph_a,hdfs-b'] };
  for (const [name, values] of Object.entries(accepted)) {
    for (const value of values) {
      expect(new RegExp(spec[name].regex).test(value), `${name} accepts ${JSON.stringify(value)}`);
    }
  }
  for (const name of ['version', 'jar_sha256', 'project']) {
    expect(spec[name].default === undefined, `${name} has no default`);
  }
});

// ---------------------------------------------------------------------------------------------
// The airflow-dags example: the real include block, pointed at the local template.

const exampleInclude = yaml.load(EXAMPLE_PIPELINE).include;

test('example: includes this template by project, pinned ref and file', () => {
  expectEqual(exampleInclude.length, 1, 'one include');
  const [include] = exampleInclude;
  expectEqual(include.file, '/ci-templates/merge-gate.yml', 'file');
  expect(/^v\d+\.\d+\.\d+$/.test(include.ref), `ref is a release tag: ${include.ref}`);
  expectEqual(include.ref, `v${include.inputs.version}`, 'ref and version input name the same release');
});

test('example: every input it passes exists and matches the template\'s regex', () => {
  for (const [name, value] of Object.entries(exampleInclude[0].inputs)) {
    expect(spec[name], `input ${name} exists in the template (GitLab rejects unknown inputs)`);
    if (spec[name]?.regex) {
      expect(new RegExp(spec[name].regex).test(String(value)), `${name}=${value} matches ${spec[name].regex}`);
    }
  }
});

const exampleRepo = scratch({
  ...copyTree(EXAMPLE_DIR),
  'ci-templates/merge-gate.yml': TEMPLATE,
  '.gitlab-ci.yml': localInclude(EXAMPLE_PIPELINE),
});

test('example: MR pipeline = its DAG checks, validate, check, manual break-glass', () => {
  const jobs = listJobs(exampleRepo, 'mergeRequest');
  expectNames(jobs, ['dags', 'merge-gate:validate', 'merge-gate:check', 'merge-gate:break-glass']);
  expectManual(jobs['merge-gate:break-glass']);
});

test('example: main pipeline = its DAG checks, manual break-glass, then deploy', () => {
  const jobs = listJobs(exampleRepo, 'defaultBranch');
  expectNames(jobs, ['dags', 'merge-gate:break-glass', 'merge-gate:deploy']);
  const config = preview(exampleRepo, 'defaultBranch');
  expect(config.stages.indexOf(config['merge-gate:deploy'].stage) > config.stages.indexOf(config.dags.stage),
    'deploy comes after the DAG checks');
});

// ---------------------------------------------------------------------------------------------
// This project's own pipeline.

const ownRepo = scratch({ '.gitlab-ci.yml': OWN_PIPELINE });

test('own pipeline: MR and branch pipelines build and test, and publish nothing', () => {
  for (const pipeline of ['mergeRequest', 'defaultBranch', 'featureBranch']) {
    expectNames(listJobs(ownRepo, pipeline), ['build', 'test', 'ci-templates'], pipeline);
  }
});

test('own pipeline: a vX.Y.Z tag pipeline publishes the jar', () => {
  expectNames(listJobs(ownRepo, 'releaseTag'), ['build', 'test', 'ci-templates', 'publish']);
  const publish = preview(ownRepo, 'releaseTag').publish;
  const script = publish.script.join('\n');
  expect(script.includes('packages/generic/merge-gate/${version}'), 'uploads to the generic package registry');
  expect(script.includes('merge-gate.jar.sha256'), 'uploads the checksum');
  expect(publish.needs.some((n) => n.job === 'test' && n.artifacts === true), 'publishes the jar the test job tested');
});

test('own pipeline: other tags publish nothing', () => {
  expectNames(listJobs(ownRepo, 'otherTag'), ['build', 'test', 'ci-templates']);
});

test('own pipeline: test reports JUnit results to GitLab', () => {
  const junit = preview(ownRepo, 'mergeRequest').test.artifacts.reports.junit;
  expect(junit.includes('target/surefire-reports/TEST-*.xml'), `surefire reports: ${junit}`);
  expect(junit.includes('target/failsafe-reports/TEST-*.xml'), `failsafe reports: ${junit}`);
});

test('own pipeline: every image is pinned by digest', () => {
  const config = preview(ownRepo, 'releaseTag');
  for (const [name, job] of Object.entries(config)) {
    if (job && typeof job === 'object' && job.script) {
      expect(/@sha256:[0-9a-f]{64}$/.test(imageName(job)), `${name}: ${imageName(job)}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// The docs show exactly what the tests exercise.

test('docs: every YAML snippet with an include: is part of a tested file', () => {
  const tested = [EXAMPLE_PIPELINE, TEMPLATE, OWN_PIPELINE];
  let found = 0;
  for (const file of fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    const text = read(`docs/${file}`);
    for (const match of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      const block = match[1];
      if (!/^\s*include:/m.test(block)) continue;
      found++;
      expect(tested.some((t) => t.includes(block)), `docs/${file}: snippet not found verbatim in a tested file:\n${block}`);
    }
  }
  expect(found > 0, 'docs/getting-started.md shows the include');
});

// ---------------------------------------------------------------------------------------------
// Summary: the last line is plain "N passed, N failed"; the exit code says the same.

if (args.junit) writeJunit(path.resolve(args.junit));
for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
const failedCount = results.filter((r) => !r.ok).length;
console.log(`${results.length - failedCount} passed, ${failedCount} failed`);
process.exitCode = failedCount === 0 ? 0 : 1;

// ---------------------------------------------------------------------------------------------
// Harness.

function test(name, fn) {
  const started = Date.now();
  try {
    fn();
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - started, message: e.message });
    console.log(`not ok - ${name}\n  ${String(e.message).replaceAll('\n', '\n  ')}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function expectEqual(actual, wanted, what) {
  if (actual !== wanted) throw new Error(`${what}: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(actual)}`);
}

function expectNames(jobs, wanted, what = 'jobs') {
  const got = Object.keys(jobs).sort();
  const want = [...wanted].sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

function expectManual(job) {
  expectEqual(job.when, 'manual', `${job.name} when`);
  expectEqual(job.allow_failure, true, `${job.name} allow_failure`);
}

function imageName(job) {
  return typeof job.image === 'string' ? job.image : job.image?.name;
}

// The jobs GitLab would create (gitlab-ci-local lists `when: never` jobs too; drop them).
function listJobs(repo, pipeline) {
  const result = glcl(repo, ['--list-json'], pipeline);
  if (result.status !== 0) throw new Error(`gitlab-ci-local --list-json failed:\n${result.out.slice(-1500)}`);
  const json = result.stdout.slice(result.stdout.indexOf('\n[') + 1);
  const jobs = {};
  for (const job of JSON.parse(json)) {
    if (job.when !== 'never') jobs[job.name] = job;
  }
  return jobs;
}

// The merged configuration after includes, inputs and extends.
function preview(repo, pipeline) {
  const result = glcl(repo, ['--preview'], pipeline);
  if (result.status !== 0) throw new Error(`gitlab-ci-local --preview failed:\n${result.out.slice(-1500)}`);
  return yaml.load(result.stdout.slice(result.stdout.indexOf('---\n')));
}

// Runs gitlab-ci-local with another .gitlab-ci.yml in the same scratch repository.
function glclIn(repo, flags, pipeline, ciYaml) {
  const copy = scratch({ ...readTree(repo), '.gitlab-ci.yml': ciYaml });
  return glcl(copy, flags, pipeline);
}

function glcl(repo, flags, pipeline) {
  const { set, unset } = PIPELINES[pipeline];
  const argv = [GLCL, '--color=false', ...flags];
  for (const [k, v] of Object.entries(set)) argv.push('--variable', `${k}=${v}`);
  for (const k of unset) argv.push('--unset-variable', k);
  const result = spawnSync(process.execPath, argv, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, HOME: path.join(repo, '.home'), NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, out: `${result.stdout}\n${result.stderr}` };
}

// The example's include, unchanged except that it points at the local copy of the template.
function localInclude(text) {
  const rewritten = text.replace(
    /  - project: '[^']+'\n    ref: [^\n]+\n    file: '\/ci-templates\/merge-gate.yml'\n/,
    "  - local: '/ci-templates/merge-gate.yml'\n",
  );
  if (rewritten === text) throw new Error('example .gitlab-ci.yml: include block not found');
  return rewritten;
}

function scratch(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-gate-ci-'));
  scratchDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=ci', '-c', 'user.email=ci@example.org', 'commit', '-q', '-m', 'scratch');
  return dir;
}

function git(dir, ...argv) {
  const r = spawnSync('git', argv, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${argv.join(' ')}: ${r.stderr}`);
}

function copyTree(dir, prefix = '') {
  const files = {};
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(files, copyTree(dir, rel));
    else files[rel] = fs.readFileSync(path.join(dir, rel));
  }
  return files;
}

function readTree(dir) {
  const files = copyTree(dir);
  for (const name of Object.keys(files)) {
    if (name.startsWith('.git/') || name.startsWith('.gitlab-ci-local/') || name.startsWith('.home/')) delete files[name];
  }
  return files;
}

function read(rel) {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!out.root || !out.tools) throw new Error('usage: template-tests.mjs --root DIR --tools DIR [--junit FILE]');
  return out;
}

function writeJunit(file) {
  const esc = (s) => String(s).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);
  const cases = results.map((r) => `  <testcase classname="ci-templates" name="${esc(r.name)}" time="${r.ms / 1000}">`
    + (r.ok ? '' : `<failure message="${esc(r.message.split('\n')[0])}">${esc(r.message)}</failure>`)
    + '</testcase>');
  const failed = results.filter((r) => !r.ok).length;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="ci-templates" tests="${results.length}" failures="${failed}">\n${cases.join('\n')}\n</testsuite>\n`);
}
