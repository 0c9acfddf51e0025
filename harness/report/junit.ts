// vitest's JUnit reporter, with one <testsuite> per image instead of one per file: CI lists a
// firmware image's results together. A case's classname stays its file. Describes that ran on no
// image (unit tests) keep their file's suite. Written to artifacts/<run>/junit.xml, and copied
// to $NETRIG_JUNIT when set (`netrig test --junit FILE`) and into $NETRIG_REPORT_DIR (`--report
// DIR`), so a report directory holds its run's JUnit and `netrig report DIR… --out` can merge it.
import fs from 'node:fs';
import path from 'node:path';
import type { File, Task } from '@vitest/runner';
import { JUnitReporter, type TestModule } from 'vitest/node';
import { artifactsRoot, runId } from '../lab/lab.ts';

type JUnitOptions = ConstructorParameters<typeof JUnitReporter>[0];

export class NetrigJUnitReporter extends JUnitReporter {
  private readonly root: string;
  private readonly file: string;

  constructor(opts: JUnitOptions = {}) {
    runId();
    const root = process.cwd();
    const file = opts.outputFile ?? path.join(artifactsRoot(), 'junit.xml');
    super({
      outputFile: file,
      suiteName: `netrig ${runId()}`,
      classnameTemplate: ({ filepath }) => path.relative(root, filepath),
      ...opts,
    });
    this.root = root;
    this.file = path.resolve(root, file);
  }

  override async onTestRunEnd(modules: ReadonlyArray<TestModule>): Promise<void> {
    await super.onTestRunEnd(suitesPerImage(modules, this.root));
    const report = process.env.NETRIG_REPORT_DIR && path.join(path.resolve(process.env.NETRIG_REPORT_DIR), 'junit.xml');
    for (const also of [process.env.NETRIG_JUNIT && path.resolve(process.env.NETRIG_JUNIT), report]) {
      if (!also || also === this.file || !fs.existsSync(this.file)) continue;
      fs.mkdirSync(path.dirname(also), { recursive: true });
      fs.copyFileSync(this.file, also);
    }
  }
}

/**
 * Regroups the modules' top-level describes by the image their cases ran on (task meta set by
 * useTopology); the JUnit reporter only reads `module.task`, so each group is a module-like
 * object whose file is named after the image.
 */
export function suitesPerImage(modules: ReadonlyArray<TestModule>, root: string): TestModule[] {
  const out: Array<{ task: File }> = [];
  const groups = new Map<string, { file: File; tasks: Task[]; duration: number }>();
  for (const m of modules) {
    const file = (m as unknown as { task: File }).task; // what JUnitReporter itself reads
    const rest: Task[] = [];
    for (const child of file.tasks) {
      const image = imageOf(child);
      if (!image) {
        rest.push(child);
        continue;
      }
      const g = groups.get(image) ?? { file, tasks: [], duration: 0 };
      g.tasks.push(child);
      g.duration += child.result?.duration ?? 0;
      groups.set(image, g);
    }
    if (rest.length || !file.tasks.length) out.push({ task: rest.length === file.tasks.length ? file : { ...file, tasks: rest } });
  }
  for (const [image, g] of groups) {
    out.push({ task: { ...g.file, name: image, filepath: path.join(root, image), tasks: g.tasks, result: { ...g.file.result, state: g.file.result?.state ?? 'pass', duration: g.duration } } });
  }
  return out as unknown as TestModule[];
}

function imageOf(task: Task): string | undefined {
  const own = task.meta.netrig?.image;
  if (own) return own;
  if (task.type !== 'suite') return undefined;
  for (const child of task.tasks) {
    const image = imageOf(child);
    if (image) return image;
  }
  return undefined;
}
