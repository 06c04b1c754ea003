import { api, body, model, modelsOf, op, path, q, type ApiDoc } from './spec-builder.js';

const bridgeId = path('bridgeId', "The bridge's id");
const nf = (what: string): Array<[number, string]> => [[404, `${what} not found`]];

export const bridgesDoc: ApiDoc = {
  resource: 'bridges',
  description: 'Bridge resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  requiresModules: ['res_stasis_recording', 'res_stasis_playback'],
  apis: [
    api('/bridges', 'Active bridges', op('GET', 'list', 'List[Bridge]', 'Every bridge.'), op('POST', 'create', 'Bridge', 'Create a bridge owned by the calling app.', [q('type'), q('bridgeId'), q('name'), body('variables')], [[409, 'Bridge with the same bridgeId already exists']])),
    api(
      '/bridges/{bridgeId}',
      'One bridge',
      op('POST', 'createWithId', 'Bridge', 'Create or update a bridge with a chosen id.', [q('type'), bridgeId, q('name'), body('variables')], [[409, 'Bridge with the same bridgeId already exists']]),
      op('GET', 'get', 'Bridge', 'The bridge.', [bridgeId], nf('Bridge')),
      op('DELETE', 'destroy', 'void', 'Destroy the bridge (its channels stay in their apps).', [bridgeId], nf('Bridge')),
    ),
    api('/bridges/{bridgeId}/variable', 'Bridge variable', op('GET', 'getBridgeVar', 'Variable', 'Read a bridge variable.', [bridgeId, q('variable', 'string', { required: true })], nf('Bridge')), op('POST', 'setBridgeVar', 'void', 'Set a bridge variable.', [bridgeId, q('variable', 'string', { required: true }), q('value'), q('report_events', 'boolean', { dflt: false })], nf('Bridge'))),
    api('/bridges/{bridgeId}/variables', 'Bridge variables', op('GET', 'getBridgeVars', 'Variables', 'Read bridge variables.', [bridgeId, q('variables', 'string', { required: true, multi: true })], nf('Bridge')), op('POST', 'setBridgeVars', 'void', 'Set bridge variables.', [bridgeId, body('variables', 'containers', { required: true })], nf('Bridge'))),
    api(
      '/bridges/{bridgeId}/addChannel',
      'Add channels',
      op('POST', 'addChannel', 'void', 'Add channels (in Stasis) to the bridge.', [bridgeId, q('channel', 'string', { required: true, multi: true }), q('role'), q('absorbDTMF', 'boolean', { dflt: false }), q('mute', 'boolean', { dflt: false }), q('inhibitConnectedLineUpdates', 'boolean', { dflt: false })], [
        [400, 'Channel not found'],
        [404, 'Bridge not found'],
        [409, "Bridge not in Stasis application; Channel currently recording"],
        [422, 'Channel not in Stasis application'],
      ]),
    ),
    api('/bridges/{bridgeId}/removeChannel', 'Remove channels', op('POST', 'removeChannel', 'void', 'Remove channels from the bridge.', [bridgeId, q('channel', 'string', { required: true, multi: true })], [[400, 'Channel not found'], [404, 'Bridge not found'], [409, 'Bridge not in Stasis application'], [422, 'Channel not in this bridge']])),
    api('/bridges/{bridgeId}/videoSource/{channelId}', 'Video source', op('POST', 'setVideoSource', 'void', 'Set the video source.', [bridgeId, path('channelId')], nf('Bridge or Channel'))),
    api('/bridges/{bridgeId}/videoSource', 'Video source', op('DELETE', 'clearVideoSource', 'void', 'Clear the video source.', [bridgeId], nf('Bridge'))),
    api('/bridges/{bridgeId}/moh', 'Bridge music on hold', op('POST', 'startMoh', 'void', 'Play music on hold to the bridge.', [bridgeId, q('mohClass')], nf('Bridge')), op('DELETE', 'stopMoh', 'void', 'Stop music on hold.', [bridgeId], nf('Bridge'))),
    api('/bridges/{bridgeId}/play', 'Play to a bridge', op('POST', 'play', 'Playback', 'Play media to every channel of the bridge.', [bridgeId, q('media', 'string', { required: true, multi: true }), q('announcer_format'), q('lang'), q('offsetms', 'int', { dflt: 0, min: 0 }), q('skipms', 'int', { dflt: 3000, min: 0 }), q('playbackId')], nf('Bridge'))),
    api('/bridges/{bridgeId}/play/{playbackId}', 'Play to a bridge with id', op('POST', 'playWithId', 'Playback', 'Play with a chosen playback id.', [bridgeId, path('playbackId'), q('media', 'string', { required: true, multi: true }), q('announcer_format'), q('lang'), q('offsetms', 'int', { dflt: 0, min: 0 }), q('skipms', 'int', { dflt: 3000, min: 0 })], nf('Bridge'))),
    api('/bridges/{bridgeId}/record', 'Record a bridge', op('POST', 'record', 'LiveRecording', 'Record the bridge.', [bridgeId, q('name', 'string', { required: true }), q('format', 'string', { required: true }), q('recorder_format'), q('maxDurationSeconds', 'int', { dflt: 0, min: 0 }), q('maxSilenceSeconds', 'int', { dflt: 0, min: 0 }), q('ifExists', 'string', { dflt: 'fail', values: ['fail', 'overwrite', 'append'] }), q('beep', 'boolean', { dflt: false }), q('terminateOn', 'string', { dflt: 'none', values: ['none', 'any', '*', '#'] })], nf('Bridge'))),
  ],
  models: modelsOf(
    model('Bridge', 'A bridge joins channels so that they hear each other.', {
      id: 'string!',
      technology: 'string!',
      bridge_type: 'string!',
      bridge_class: 'string!',
      creator: 'string!',
      name: 'string!',
      channels: 'List[string]!',
      video_mode: 'string',
      video_source_id: 'string',
      creationtime: 'Date!',
      bridgevars: 'object',
    }),
  ),
};

export const playbacksDoc: ApiDoc = {
  resource: 'playbacks',
  description: 'Playback control resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  requiresModules: ['res_stasis_playback'],
  apis: [
    api('/playbacks/{playbackId}', 'One playback', op('GET', 'get', 'Playback', 'The playback.', [path('playbackId')], nf('The playback')), op('DELETE', 'stop', 'void', 'Stop (or cancel, if queued) the playback.', [path('playbackId')], nf('The playback'))),
    api('/playbacks/{playbackId}/control', 'Control a playback', op('POST', 'control', 'void', 'restart, pause, unpause, reverse or forward.', [path('playbackId'), q('operation', 'string', { required: true, values: ['restart', 'pause', 'unpause', 'reverse', 'forward'] })], [[400, 'The provided operation parameter was invalid'], [404, 'The playback cannot be found'], [409, 'The operation cannot be performed in the playback\'s current state']])),
  ],
  models: modelsOf(model('Playback', 'Media being played to a channel or bridge.', { id: 'string!', media_uri: 'string!', next_media_uri: 'string', target_uri: 'string!', language: 'string', state: 'string!' })),
};

const rec = path('recordingName', "The recording's name");
export const recordingsDoc: ApiDoc = {
  resource: 'recordings',
  description: 'Recording resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  requiresModules: ['res_stasis_recording'],
  apis: [
    api('/recordings/stored', 'Stored recordings', op('GET', 'listStored', 'List[StoredRecording]', 'Every stored recording.')),
    api('/recordings/stored/{recordingName}', 'One stored recording', op('GET', 'getStored', 'StoredRecording', 'The stored recording.', [rec], nf('Recording')), op('DELETE', 'deleteStored', 'void', 'Delete it.', [rec], nf('Recording'))),
    api('/recordings/stored/{recordingName}/file', 'Recording file', op('GET', 'getStoredFile', 'binary', 'The audio file itself.', [rec], [[403, 'The recording file could not be opened'], [404, 'Recording not found']])),
    api('/recordings/stored/{recordingName}/copy', 'Copy', op('POST', 'copyStored', 'StoredRecording', 'Copy a stored recording.', [rec, q('destinationRecordingName', 'string', { required: true })], [[404, 'Recording not found'], [409, 'A recording with the same name already exists on the system']])),
    api('/recordings/live/{recordingName}', 'Live recording', op('GET', 'getLive', 'LiveRecording', 'The live recording.', [rec], nf('Recording')), op('DELETE', 'cancel', 'void', 'Stop and discard the recording.', [rec], nf('Recording'))),
    api('/recordings/live/{recordingName}/stop', 'Stop', op('POST', 'stop', 'void', 'Stop and store the recording.', [rec], nf('Recording'))),
    api('/recordings/live/{recordingName}/pause', 'Pause', op('POST', 'pause', 'void', 'Pause.', [rec], [[404, 'Recording not found'], [409, 'Recording not in session']]), op('DELETE', 'unpause', 'void', 'Unpause.', [rec], [[404, 'Recording not found'], [409, 'Recording not in session']])),
    api('/recordings/live/{recordingName}/mute', 'Mute', op('POST', 'mute', 'void', 'Record silence.', [rec], [[404, 'Recording not found'], [409, 'Recording not in session']]), op('DELETE', 'unmute', 'void', 'Record sound again.', [rec], [[404, 'Recording not found'], [409, 'Recording not in session']])),
  ],
  models: modelsOf(
    model('StoredRecording', 'A recording on disk.', { name: 'string!', format: 'string!' }),
    model('LiveRecording', 'A recording in progress.', { name: 'string!', format: 'string!', target_uri: 'string!', state: 'string!', duration: 'int', talking_duration: 'int', silence_duration: 'int', cause: 'string' }),
  ),
};

export const soundsDoc: ApiDoc = {
  resource: 'sounds',
  description: 'Sound resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  apis: [api('/sounds', 'Sounds', op('GET', 'list', 'List[Sound]', 'Installed sounds.', [q('lang'), q('format')])), api('/sounds/{soundId}', 'One sound', op('GET', 'get', 'Sound', 'A sound and its languages/formats.', [path('soundId')]))],
  models: modelsOf(model('FormatLangPair', 'A language and format a sound exists in.', { language: 'string!', format: 'string!' }), model('Sound', 'A sound file.', { id: 'string!', text: 'string', formats: 'List[FormatLangPair]!' })),
};

const app = path('applicationName', "The application's name");
export const applicationsDoc: ApiDoc = {
  resource: 'applications',
  description: 'Stasis application resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  apis: [
    api('/applications', 'Applications', op('GET', 'list', 'List[Application]', 'Registered Stasis applications.')),
    api('/applications/{applicationName}', 'One application', op('GET', 'get', 'Application', 'The application.', [app], nf('Application'))),
    api(
      '/applications/{applicationName}/subscription',
      'Subscriptions',
      op('POST', 'subscribe', 'Application', 'Subscribe to channel:, bridge:, endpoint: or deviceState: sources.', [app, q('eventSource', 'string', { required: true, multi: true })], [[400, 'Missing parameter.'], [404, 'Application does not exist.'], [422, 'Event source does not exist.']]),
      op('DELETE', 'unsubscribe', 'Application', 'Unsubscribe.', [app, q('eventSource', 'string', { required: true, multi: true })], [[400, 'Missing parameter; event source scheme not recognized.'], [404, 'Application does not exist.'], [409, 'Application not subscribed to event source.'], [422, 'Event source does not exist.']]),
    ),
    api('/applications/{applicationName}/eventFilter', 'Event filter', op('PUT', 'filter', 'Application', 'Filter the events sent to the application.', [app, body('filter', 'object')], [[400, 'Bad request.'], [404, 'Application does not exist.']])),
  ],
  models: modelsOf(model('Application', 'A Stasis application.', { name: 'string!', channel_ids: 'List[string]!', bridge_ids: 'List[string]!', endpoint_ids: 'List[string]!', device_names: 'List[string]!', events_allowed: 'List[object]!', events_disallowed: 'List[object]!' })),
};

export const asteriskDoc: ApiDoc = {
  resource: 'asterisk',
  description: 'Asterisk resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  apis: [
    api('/asterisk/config/dynamic/{configClass}/{objectType}/{id}', 'Dynamic configuration', op('GET', 'getObject', 'List[ConfigTuple]', 'Read a sorcery object.', [path('configClass'), path('objectType'), path('id')], nf('Object')), op('PUT', 'updateObject', 'List[ConfigTuple]', 'Create or update a sorcery object.', [path('configClass'), path('objectType'), path('id'), body('fields')], [[400, 'Bad request body'], [403, 'Could not create or update object'], [404, 'Object not found']]), op('DELETE', 'deleteObject', 'void', 'Delete a sorcery object.', [path('configClass'), path('objectType'), path('id')], [[403, 'Could not delete object'], [404, 'Object not found']])),
    api('/asterisk/info', 'System information', op('GET', 'getInfo', 'AsteriskInfo', 'Build, system, configuration and status information.', [q('only', 'string', { multi: true, values: ['build', 'system', 'config', 'status'] })])),
    api('/asterisk/ping', 'Ping', op('GET', 'ping', 'AsteriskPing', 'Is Asterisk alive?')),
    api('/asterisk/modules', 'Modules', op('GET', 'listModules', 'List[Module]', 'Loaded modules.')),
    api('/asterisk/modules/{moduleName}', 'One module', op('GET', 'getModule', 'Module', 'A module.', [path('moduleName')], [[404, 'Module could not be found in running modules.'], [409, 'Module information could not be retrieved.']]), op('POST', 'loadModule', 'void', 'Load a module.', [path('moduleName')], [[409, 'Module could not be loaded.']]), op('DELETE', 'unloadModule', 'void', 'Unload a module.', [path('moduleName')], [[404, 'Module not found in running modules.'], [409, 'Module could not be unloaded.']]), op('PUT', 'reloadModule', 'void', 'Reload a module.', [path('moduleName')], [[404, 'Module not found in running modules.'], [409, 'Module could not be reloaded.']])),
    api('/asterisk/logging', 'Log channels', op('GET', 'listLogChannels', 'List[LogChannel]', 'Log channels.')),
    api('/asterisk/logging/{logChannelName}', 'One log channel', op('POST', 'addLog', 'void', 'Add a log channel.', [path('logChannelName'), q('configuration', 'string', { required: true })], [[400, 'Bad request body'], [409, 'Log channel could not be created.']]), op('DELETE', 'deleteLog', 'void', 'Delete a log channel.', [path('logChannelName')], [[404, 'Log channel does not exist.']])),
    api('/asterisk/logging/{logChannelName}/rotate', 'Rotate', op('PUT', 'rotateLog', 'void', 'Rotate a log channel.', [path('logChannelName')], [[404, 'Log channel does not exist.']])),
    api('/asterisk/variable', 'Global variables', op('GET', 'getGlobalVar', 'Variable', 'Read a global variable.', [q('variable', 'string', { required: true })], [[400, 'Missing variable parameter.']]), op('POST', 'setGlobalVar', 'void', 'Set a global variable.', [q('variable', 'string', { required: true }), q('value')], [[400, 'Missing variable parameter.']])),
  ],
  models: modelsOf(
    model('BuildInfo', 'How Asterisk was built.', { os: 'string!', kernel: 'string!', options: 'string!', machine: 'string!', date: 'string!', user: 'string!' }),
    model('SystemInfo', 'Version and entity id.', { version: 'string!', entity_id: 'string!' }),
    model('SetId', 'Effective user and group.', { user: 'string!', group: 'string!' }),
    model('ConfigInfo', 'Configuration summary.', { name: 'string!', default_language: 'string!', max_channels: 'int', max_open_files: 'int', max_load: 'double', setid: 'SetId!' }),
    model('StatusInfo', 'Start and reload times.', { startup_time: 'Date!', last_reload_time: 'Date!' }),
    model('AsteriskInfo', 'Asterisk system information.', { build: 'BuildInfo', system: 'SystemInfo', config: 'ConfigInfo', status: 'StatusInfo' }),
    model('AsteriskPing', 'Ping answer.', { asterisk_id: 'string!', ping: 'string!', timestamp: 'string!' }),
    model('Module', 'A loaded module.', { name: 'string!', description: 'string!', use_count: 'int!', status: 'string!', support_level: 'string!' }),
    model('LogChannel', 'A log channel.', { channel: 'string!', type: 'string!', status: 'string!', configuration: 'string!' }),
    model('Variable', 'A variable value.', { value: 'string!' }),
    model('Variables', 'Several variables.', { variables: 'object!' }),
    model('ConfigTuple', 'A configuration attribute.', { attribute: 'string!', value: 'string!' }),
  ),
};

export const endpointsDoc: ApiDoc = {
  resource: 'endpoints',
  description: 'Endpoint resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  apis: [
    api('/endpoints', 'Endpoints', op('GET', 'list', 'List[Endpoint]', 'Every endpoint.')),
    api('/endpoints/sendMessage', 'Messages', op('PUT', 'sendMessage', 'void', 'Send a text message.', [q('to', 'string', { required: true }), q('from', 'string', { required: true }), q('body'), body('variables')], [[400, 'Invalid parameters for sending a message.'], [404, 'Endpoint not found']])),
    api('/endpoints/refer', 'Refer', op('POST', 'refer', 'void', 'Send a REFER.', [q('to', 'string', { required: true }), q('from', 'string', { required: true }), q('refer_to', 'string', { required: true }), q('to_self', 'boolean', { dflt: false }), body('variables')], [[400, 'Invalid parameters for referring.'], [404, 'Endpoint not found']])),
    api('/endpoints/{tech}', 'Endpoints of a technology', op('GET', 'listByTech', 'List[Endpoint]', 'Endpoints of one technology.', [path('tech')], [[404, 'Endpoints not found']])),
    api('/endpoints/{tech}/{resource}', 'One endpoint', op('GET', 'get', 'Endpoint', 'An endpoint.', [path('tech'), path('resource')], [[400, 'Invalid parameters for sending a message.'], [404, 'Endpoints not found']])),
    api('/endpoints/{tech}/{resource}/sendMessage', 'Message an endpoint', op('PUT', 'sendMessageToEndpoint', 'void', 'Send a message to an endpoint.', [path('tech'), path('resource'), q('from', 'string', { required: true }), q('body'), body('variables')], [[400, 'Invalid parameters for sending a message.'], [404, 'Endpoint not found']])),
    api('/endpoints/{tech}/{resource}/refer', 'Refer an endpoint', op('POST', 'referToEndpoint', 'void', 'Send a REFER to an endpoint.', [path('tech'), path('resource'), q('from', 'string', { required: true }), q('refer_to', 'string', { required: true }), q('to_self', 'boolean', { dflt: false }), body('variables')], [[400, 'Invalid parameters for referring.'], [404, 'Endpoint not found']])),
  ],
  models: modelsOf(model('Endpoint', 'An endpoint (a phone, a trunk).', { technology: 'string!', resource: 'string!', state: 'string', channel_ids: 'List[string]!' }), model('TextMessage', 'A text message.', { from: 'string!', to: 'string!', body: 'string!', variables: 'object' })),
};

export const deviceStatesDoc: ApiDoc = {
  resource: 'deviceStates',
  description: 'Device state resources',
  swaggerVersion: '1.1',
  since: ['12.0.0'],
  requiresModules: ['res_stasis_device_state'],
  apis: [
    api('/deviceStates', 'Device states', op('GET', 'list', 'List[DeviceState]', 'Device states controlled by ARI.')),
    api('/deviceStates/{deviceName}', 'One device state', op('GET', 'get', 'DeviceState', 'A device state.', [path('deviceName')]), op('PUT', 'update', 'void', 'Change a Stasis: device state.', [path('deviceName'), q('deviceState', 'string', { required: true, values: ['NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'] })], [[404, 'Device name is missing'], [409, 'Uncontrolled device specified']]), op('DELETE', 'delete', 'void', 'Remove a device state.', [path('deviceName')], [[404, 'Device name is missing'], [409, 'Uncontrolled device specified']])),
  ],
  models: modelsOf(model('DeviceState', 'The state of a device.', { name: 'string!', state: 'string!' })),
};

export const mailboxesDoc: ApiDoc = {
  resource: 'mailboxes',
  description: 'Mailboxes resources',
  swaggerVersion: '1.1',
  since: ['12.1.0'],
  requiresModules: ['res_stasis_mailbox'],
  apis: [
    api('/mailboxes', 'Mailboxes', op('GET', 'list', 'List[Mailbox]', 'Mailboxes.')),
    api('/mailboxes/{mailboxName}', 'One mailbox', op('GET', 'get', 'Mailbox', 'A mailbox.', [path('mailboxName')], nf('Mailbox')), op('PUT', 'update', 'void', 'Change message counts.', [path('mailboxName'), q('oldMessages', 'int', { required: true }), q('newMessages', 'int', { required: true })], nf('Mailbox')), op('DELETE', 'delete', 'void', 'Delete a mailbox.', [path('mailboxName')], nf('Mailbox'))),
  ],
  models: modelsOf(model('Mailbox', 'A mailbox.', { name: 'string!', old_messages: 'int!', new_messages: 'int!' })),
};
