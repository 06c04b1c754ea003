import { api, body, model, modelsOf, op, path, q, type ApiDoc } from './spec-builder.js';

const chan = path('channelId', "The channel's id");
const noStasis: Array<[number, string]> = [
  [404, 'Channel not found'],
  [409, 'Channel not in a Stasis application'],
  [412, 'Channel in invalid state'],
];
const originateParams = [
  q('endpoint', 'string', { required: true, description: 'Where to call, e.g. PJSIP/8001 or Local/4000@inbound' }),
  q('extension'),
  q('context'),
  q('priority', 'long'),
  q('label'),
  q('app', 'string', { description: 'Stasis application to put the channel in once answered' }),
  q('appArgs'),
  q('callerId'),
  q('timeout', 'int', { dflt: 30 }),
  body('variables', 'containers', { description: '{"variables": {"NAME": "value"}}' }),
];
const reasons = ['normal', 'busy', 'congestion', 'no_answer', 'timeout', 'rejected', 'unallocated', 'normal_unspecified', 'number_incomplete', 'codec_mismatch', 'interworking', 'failure', 'answered_elsewhere'];

export const channelsDoc: ApiDoc = {
  resource: 'channels',
  description: 'Channel resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  requiresModules: ['res_stasis_answer', 'res_stasis_playback', 'res_stasis_recording', 'res_stasis_snoop'],
  apis: [
    api(
      '/channels',
      'Active channels',
      op('GET', 'list', 'List[Channel]', 'Every channel that exists right now.'),
      op('POST', 'originate', 'Channel', 'Call an endpoint; on answer it runs the dialplan or enters a Stasis app.', [...originateParams, q('channelId'), q('otherChannelId'), q('originator'), q('formats')], [
        [400, 'Invalid parameters'],
        [409, 'Channel with given unique ID already exists.'],
      ]),
    ),
    api('/channels/create', 'Create a channel in Stasis without dialling it', op('POST', 'create', 'Channel', 'Create a channel and place it in a Stasis app.', [q('endpoint', 'string', { required: true }), q('app', 'string', { required: true }), q('appArgs'), q('channelId'), q('otherChannelId'), q('originator'), q('formats'), body('variables')], [[409, 'Channel with given unique ID already exists.']])),
    api(
      '/channels/{channelId}',
      'One channel',
      op('GET', 'get', 'Channel', 'The channel snapshot.', [chan], [[404, 'Channel not found']]),
      op('POST', 'originateWithId', 'Channel', 'Originate with a chosen id.', [chan, ...originateParams, q('otherChannelId'), q('originator'), q('formats')], [
        [400, 'Invalid parameters'],
        [409, 'Channel with given unique ID already exists.'],
      ]),
      op('DELETE', 'hangup', 'void', 'Hang the channel up.', [chan, q('reason_code'), q('reason', 'string', { values: reasons })], [
        [400, 'Invalid reason for hangup provided'],
        [404, 'Channel not found'],
      ]),
    ),
    api('/channels/{channelId}/continue', 'Leave Stasis', op('POST', 'continueInDialplan', 'void', 'Leave the Stasis app and continue in the dialplan.', [chan, q('context'), q('extension'), q('priority', 'int'), q('label')], noStasis)),
    api('/channels/{channelId}/move', 'Move to another app', op('POST', 'move', 'void', 'Move the channel to another Stasis app.', [chan, q('app', 'string', { required: true }), q('appArgs')], [
      [404, 'Channel not found'],
      [409, 'Channel not in a Stasis application'],
    ])),
    api('/channels/{channelId}/redirect', 'Redirect', op('POST', 'redirect', 'void', 'Redirect the channel to another endpoint of the same technology.', [chan, q('endpoint', 'string', { required: true })], [
      [400, 'Endpoint parameter not provided'],
      [404, 'Channel or endpoint not found'],
      [409, 'Channel not in a Stasis application'],
      [422, 'Endpoint is not the same type as the channel'],
      [412, 'Channel in invalid state'],
    ])),
    api('/channels/{channelId}/answer', 'Answer', op('POST', 'answer', 'void', 'Answer the channel.', [chan], noStasis)),
    api('/channels/{channelId}/ring', 'Ringing', op('POST', 'ring', 'void', 'Indicate ringing.', [chan], noStasis), op('DELETE', 'ringStop', 'void', 'Stop ringing.', [chan], noStasis)),
    api('/channels/{channelId}/progress', 'Progress', op('POST', 'progress', 'void', 'Indicate progress.', [chan], noStasis)),
    api(
      '/channels/{channelId}/dtmf',
      'DTMF',
      op('POST', 'sendDTMF', 'void', 'Send DTMF to the far end of the channel.', [chan, q('dtmf'), q('before', 'int', { dflt: 0 }), q('between', 'int', { dflt: 100 }), q('duration', 'int', { dflt: 100 }), q('after', 'int', { dflt: 0 })], [[400, 'DTMF is required'], ...noStasis]),
    ),
    api(
      '/channels/{channelId}/mute',
      'Mute',
      op('POST', 'mute', 'void', 'Mute the channel.', [chan, q('direction', 'string', { dflt: 'both', values: ['both', 'in', 'out'] })], noStasis),
      op('DELETE', 'unmute', 'void', 'Unmute the channel.', [chan, q('direction', 'string', { dflt: 'both', values: ['both', 'in', 'out'] })], noStasis),
    ),
    api('/channels/{channelId}/hold', 'Hold', op('POST', 'hold', 'void', 'Put the channel on hold.', [chan], noStasis), op('DELETE', 'unhold', 'void', 'Take the channel off hold.', [chan], noStasis)),
    api('/channels/{channelId}/moh', 'Music on hold', op('POST', 'startMoh', 'void', 'Play music on hold to the channel.', [chan, q('mohClass')], noStasis), op('DELETE', 'stopMoh', 'void', 'Stop the music on hold.', [chan], noStasis)),
    api('/channels/{channelId}/silence', 'Silence', op('POST', 'startSilence', 'void', 'Play silence.', [chan], noStasis), op('DELETE', 'stopSilence', 'void', 'Stop playing silence.', [chan], noStasis)),
    api('/channels/{channelId}/play', 'Play media', op('POST', 'play', 'Playback', 'Play media (sound:, recording:, digits:, number:, characters:, tone:) to the channel.', [chan, q('media', 'string', { required: true, multi: true }), q('lang'), q('offsetms', 'int'), q('skipms', 'int', { dflt: 3000 }), q('playbackId')], noStasis)),
    api('/channels/{channelId}/play/{playbackId}', 'Play media with an id', op('POST', 'playWithId', 'Playback', 'Play media with a chosen playback id.', [chan, path('playbackId'), q('media', 'string', { required: true, multi: true }), q('lang'), q('offsetms', 'int'), q('skipms', 'int', { dflt: 3000 })], noStasis)),
    api(
      '/channels/{channelId}/record',
      'Record',
      op('POST', 'record', 'LiveRecording', 'Record what the channel hears from its far end.', [
        chan,
        q('name', 'string', { required: true }),
        q('format', 'string', { required: true }),
        q('maxDurationSeconds', 'int', { dflt: 0, min: 0 }),
        q('maxSilenceSeconds', 'int', { dflt: 0, min: 0 }),
        q('ifExists', 'string', { dflt: 'fail', values: ['fail', 'overwrite', 'append'] }),
        q('beep', 'boolean', { dflt: false }),
        q('terminateOn', 'string', { dflt: 'none', values: ['none', 'any', '*', '#'] }),
      ], [
        [400, 'Invalid parameters'],
        [404, 'Channel not found'],
        [409, 'Channel is not in a Stasis application; the channel is currently bridged with other hcannels; A recording with the same name already exists on the system and can not be overwritten because it is in progress or ifExists=fail'],
        [422, 'The format specified is unknown on this system'],
      ]),
    ),
    api(
      '/channels/{channelId}/variable',
      'Channel variables',
      op('GET', 'getChannelVar', 'Variable', 'Read a variable or dialplan function.', [chan, q('variable', 'string', { required: true })], [
        [400, 'Missing variable parameter.'],
        [404, 'Channel or variable not found'],
        [409, 'Channel not in a Stasis application'],
      ]),
      op('POST', 'setChannelVar', 'void', 'Set a variable or dialplan function.', [chan, q('variable', 'string', { required: true }), q('value'), q('report_events', 'boolean', { dflt: false })], [
        [400, 'Missing variable parameter.'],
        [404, 'Channel not found'],
        [409, 'Channel not in a Stasis application'],
      ]),
    ),
    api(
      '/channels/{channelId}/variables',
      'Several channel variables',
      op('GET', 'getChannelVars', 'Variables', 'Read several variables.', [chan, q('variables', 'string', { required: true, multi: true })], [[404, 'Channel not found']]),
      op('POST', 'setChannelVars', 'void', 'Set several variables.', [chan, body('variables', 'containers', { required: true })], [[404, 'Channel not found']]),
    ),
    api('/channels/{channelId}/snoop', 'Snoop', op('POST', 'snoopChannel', 'Channel', 'Spy or whisper on a channel.', [chan, q('spy', 'string', { dflt: 'none', values: ['none', 'both', 'out', 'in'] }), q('whisper', 'string', { dflt: 'none', values: ['none', 'both', 'out', 'in'] }), q('app', 'string', { required: true }), q('appArgs'), q('snoopId')], [[400, 'Invalid parameters'], [404, 'Channel not found']])),
    api('/channels/{channelId}/snoop/{snoopId}', 'Snoop with id', op('POST', 'snoopChannelWithId', 'Channel', 'Spy or whisper with a chosen id.', [chan, path('snoopId'), q('spy', 'string', { dflt: 'none', values: ['none', 'both', 'out', 'in'] }), q('whisper', 'string', { dflt: 'none', values: ['none', 'both', 'out', 'in'] }), q('app', 'string', { required: true }), q('appArgs')], [[400, 'Invalid parameters'], [404, 'Channel not found']])),
    api('/channels/{channelId}/dial', 'Dial a created channel', op('POST', 'dial', 'void', 'Dial a channel made with /channels/create.', [chan, q('caller'), q('timeout', 'int', { dflt: 0, min: 0 })], [[404, 'Channel cannot be found.'], [409, 'Channel cannot be dialed.']])),
    api('/channels/{channelId}/rtp_statistics', 'RTP statistics', op('GET', 'rtpstatistics', 'RTPstat', 'RTP statistics of the channel.', [chan], [[404, 'Channel cannot be found.']])),
    api('/channels/externalMedia', 'External media', op('POST', 'externalMedia', 'Channel', 'Create an external media channel.', [q('channelId'), q('app', 'string', { required: true }), body('variables'), q('external_host'), q('encapsulation', 'string', { dflt: 'rtp' }), q('transport', 'string', { dflt: 'udp' }), q('connection_type', 'string', { dflt: 'client' }), q('format', 'string', { required: true }), q('direction', 'string', { dflt: 'both' }), q('data'), q('transport_data')], [[400, 'Invalid parameters'], [409, 'Channel is not in a Stasis application']])),
    api('/channels/{channelId}/transfer_progress', 'Transfer progress', op('POST', 'transfer_progress', 'void', 'Report transfer progress.', [chan, q('states', 'string', { required: true })], noStasis)),
  ],
  models: modelsOf(
    model('Dialed', 'Dialed channel information.', {}),
    model('DialplanCEP', 'Dialplan location (context/extension/priority)', { context: 'string!', exten: 'string!', priority: 'long!', app_name: 'string!', app_data: 'string!' }),
    model('CallerID', 'Caller identification', { name: 'string!', number: 'string!' }),
    model('RTPstat', 'RTP statistics', { txcount: 'int!', rxcount: 'int!', txploss: 'int!', rxploss: 'int!', local_ssrc: 'int!', remote_ssrc: 'int!', txoctetcount: 'int!', rxoctetcount: 'int!', channel_uniqueid: 'string!' }),
    model('Channel', 'A channel (one leg of a call).', {
      id: 'string!',
      protocol_id: 'string!',
      name: 'string!',
      state: 'string!',
      caller: 'CallerID!',
      connected: 'CallerID!',
      accountcode: 'string!',
      dialplan: 'DialplanCEP!',
      creationtime: 'Date!',
      language: 'string!',
      channelvars: 'object',
      caller_rdnis: 'string',
      tenantid: 'string',
    }),
  ),
};
