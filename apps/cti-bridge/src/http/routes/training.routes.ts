/** Training mode (the simulated PBX only): demo donors to call as, and placing a training call. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { trainingDonors } from '@donorline/domain/node';
import { userOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id } from '../schemas/common.schemas.js';
import { TrainingDonorS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['training'];

export function trainingRoutes(app: Api, deps: HttpDeps): void {
  const available = (): NonNullable<HttpDeps['live']['training']> => {
    if (deps.config.pbx.mode !== 'sim' || !deps.live.training) {
      throw new DomainError('NOT_FOUND', '培训模式仅在模拟交换机下可用 / training mode needs the simulated PBX');
    }
    return deps.live.training;
  };

  app.get('/api/training/donors', {
    schema: {
      tags, summary: '培训：演示献血者 / training: demo donors (sim mode only)',
      response: { 200: Type.Array(TrainingDonorS), ...errors(401, 404) },
    },
  }, async (): R<'GET /api/training/donors'> => {
    available();
    return trainingDonors(deps.services);
  });

  app.post('/api/training/calls', {
    schema: {
      tags,
      summary: '培训：呼叫自己 / training: place a simulated call to my queue (sim mode only)',
      description: 'As a demo donor (`donorId`) or any `number`, straight into the queue or through the IVR with the given key presses (`dtmf`). The call rings the signed-in agent\'s seat like a real one.',
      body: Type.Object({
        donorId: Type.Optional(Id),
        number: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
        callerName: Type.Optional(Type.String({ maxLength: 50 })),
        via: Type.Enum(['ivr', 'queue']),
        dtmf: Type.Optional(Type.String({ pattern: '^[0-9*#]{0,32}$' })),
      }),
      response: { 200: Type.Object({ callId: Type.String() }), ...errors(400, 401, 404, 409, 503) },
    },
  }, async (req): R<'POST /api/training/calls'> => {
    const training = available();
    if (req.body.donorId === undefined && !req.body.number) throw new DomainError('VALIDATION_FAILED', '请选择演示献血者或输入号码 / give donorId or number');
    const user = userOf(req);
    return training.placeCall({ userId: user.userId, username: user.username }, req.body);
  });
}
