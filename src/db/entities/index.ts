import { Setting } from './setting.entity.ts';

/** Every entity, listed explicitly so bundles need no folder discovery. */
export const ENTITIES = [Setting];

export { Setting };
