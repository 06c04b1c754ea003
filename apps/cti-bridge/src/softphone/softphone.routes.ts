/** GET /api/softphone: the WebRTC softphone of the signed-in agent's seat (softphone/softphone.ts). */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { userOf } from '../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors } from '../http/schemas/common.schemas.js';
import { softphoneFor } from './softphone.js';

const SoftphoneS = Type.Union([
  Type.Object({ mode: Type.Literal('webrtc'), extension: Type.String(), wsUrl: Type.String(), uri: Type.String(), authorizationUser: Type.String(), password: Type.String(), iceServers: Type.Array(Type.String()) }),
  Type.Object({ mode: Type.Literal('training'), extension: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ mode: Type.Literal('none'), extension: Type.Union([Type.String(), Type.Null()]), seats: Type.Union([Type.String(), Type.Null()]) }),
]);

export function softphoneRoutes(app: Api, deps: HttpDeps): void {
  app.get('/api/softphone', {
    schema: {
      tags: ['softphone'],
      summary: '软电话 / the WebRTC softphone of my seat',
      description: 'For the agent seated at a softphone seat (SOFTPHONE_EXTENSIONS): the WSS URL and the SIP credentials of that seat — to that agent only, never cached. `training` with the simulated PBX, `none` for a hard-phone seat or when the softphone is not configured.',
      response: { 200: SoftphoneS, ...errors(401) },
    },
  }, async (req, reply): Promise<HttpApi['GET /api/softphone']['reply']> => {
    const user = userOf(req);
    void reply.header('cache-control', 'no-store');
    return softphoneFor(deps.config, deps.live.seatExtension(user.userId));
  });
}
