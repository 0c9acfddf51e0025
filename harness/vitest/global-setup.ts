// Runs once in vitest's main process before any system case: fixes the run id (so every worker
// writes under one artifacts/<run>/), builds or finds the images under test, and hands them to
// the workers through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { artifactsRoot, runId } from '../lab/lab.ts';
import { clearSnapshots } from '../lab/snapshot.ts';
import { imageSpecs, resolveBorder, resolveImages, type ImageRef } from '../lab/images.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    images: ImageRef[];
    border: ImageRef;
    runId: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const id = runId();
  const log = (l: string) => process.stderr.write(`fixtures: ${l}\n`);
  const images = await resolveImages(imageSpecs(process.env.NETRIG_IMAGES), log);
  project.provide('images', images);
  project.provide('border', await resolveBorder(log));
  project.provide('runId', id);
  return () => {
    clearSnapshots();
    process.stderr.write(`netrig: artifacts of this run are in ${artifactsRoot()}\n`);
  };
}
