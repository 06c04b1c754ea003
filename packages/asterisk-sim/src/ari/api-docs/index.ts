import { channelsDoc } from './channels.doc.js';
import { eventsDoc } from './events.doc.js';
import { applicationsDoc, asteriskDoc, bridgesDoc, deviceStatesDoc, endpointsDoc, mailboxesDoc, playbacksDoc, recordingsDoc, soundsDoc } from './other.doc.js';
import { render, type ApiDoc } from './spec-builder.js';

/** The resources listed in resources.json, in Asterisk's order. */
export const API_DOCS: ApiDoc[] = [asteriskDoc, endpointsDoc, channelsDoc, bridgesDoc, recordingsDoc, soundsDoc, playbacksDoc, deviceStatesDoc, mailboxesDoc, eventsDoc, applicationsDoc];

const DESCRIPTIONS: Record<string, string> = {
  asterisk: 'Asterisk resources',
  endpoints: 'Endpoint resources',
  channels: 'Channel resources',
  bridges: 'Bridge resources',
  recordings: 'Recording resources',
  sounds: 'Sound resources',
  playbacks: 'Playback control resources',
  deviceStates: 'Device state resources',
  mailboxes: 'Mailboxes resources',
  events: 'WebSocket resource',
  applications: 'Stasis application resources',
};

export const ARI_API_VERSION = '10.0.0';

export function resourcesJson(basePath: string): Record<string, unknown> {
  return {
    _copyright: 'Donorline asterisk-sim: api-docs written for the simulator (same resources as Asterisk 22 ARI).',
    _author: 'Donorline',
    _svn_revision: '$Revision$',
    apiVersion: ARI_API_VERSION,
    swaggerVersion: '1.1',
    basePath,
    apis: API_DOCS.map((d) => ({ path: `/api-docs/${d.resource}.{format}`, description: DESCRIPTIONS[d.resource] ?? d.description })),
  };
}

export function apiDocJson(name: string, basePath: string): Record<string, unknown> | undefined {
  const doc = API_DOCS.find((d) => d.resource === name);
  return doc ? render(doc, basePath, '2.0.0') : undefined;
}
