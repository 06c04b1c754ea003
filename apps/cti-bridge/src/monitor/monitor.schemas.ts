/** Socket payload schemas of the monitor commands (merged into guard/socket-schemas.ts). */
import { Type } from 'typebox';
import { MONITOR_MODES } from '@donorline/domain';

const Mode = Type.Union(MONITOR_MODES.map((m) => Type.Literal(m)));
const CallId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:@-]+$' });
const Extension = Type.String({ minLength: 1, maxLength: 16, pattern: '^[0-9]+$' });

export const MONITOR_COMMAND_SCHEMAS = {
  'monitor:start': Type.Union([
    Type.Object({ callId: CallId, mode: Mode }, { additionalProperties: false }),
    Type.Object({ agent: Extension, mode: Mode }, { additionalProperties: false }),
  ]),
  'monitor:mode': Type.Object({ mode: Mode }, { additionalProperties: false }),
  'monitor:stop': Type.Object({}, { additionalProperties: false }),
};
