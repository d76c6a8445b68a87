import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE_MAJOR, unsupportedNodeReason } from './node-version';

describe('unsupportedNodeReason', () => {
  it.each(['v24.0.0', 'v24.21.0', 'v25.1.3', '26.0.0'])('accepts %s', (version) => {
    expect(unsupportedNodeReason(version)).toBeNull();
  });

  it.each(['v20.20.2', 'v22.12.0', 'v23.11.1', 'not a version'])(
    'refuses %s and says what to do',
    (version) => {
      const reason = unsupportedNodeReason(version);
      expect(reason).toContain(`Node ${MINIMUM_NODE_MAJOR} or later`);
      expect(reason).toContain(version);
      expect(reason).toContain('pnpm start');
    },
  );
});
