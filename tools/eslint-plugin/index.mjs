// @ts-check
/** The workspace's own ESLint rules, registered in eslint.config.mjs under the prefix `lawfirm/`. */
import { featureBoundaries } from './feature-boundaries.mjs';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'lawfirm' },
  rules: { 'feature-boundaries': featureBoundaries },
};

export default plugin;
