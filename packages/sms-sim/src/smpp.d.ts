/**
 * Types for smpp@0.5.1 (CommonJS, untyped), limited to what the SMPP adapter (apps/cti-bridge/src/messaging) and the
 * simulated gateway's SMPP front door (smpp-server.ts) use. A PDU's fields are the SMPP v5 parameter names.
 */
declare module 'smpp' {
  import { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    /** short_message / message_payload as the package decodes them (an object when data_coding is known). */
    type SmppMessage = string | Buffer | { message: string | Buffer; udh?: Buffer[] };

    class PDU {
      constructor(command: string, options?: Record<string, unknown>);
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      system_id?: string;
      password?: string;
      message_id?: string;
      source_addr?: string;
      destination_addr?: string;
      esm_class?: number;
      data_coding?: number;
      registered_delivery?: number;
      short_message?: SmppMessage;
      message_payload?: SmppMessage;
      receipted_message_id?: string;
      message_state?: number;
      isResponse(): boolean;
      response(options?: Record<string, unknown>): PDU;
    }

    class Session extends EventEmitter {
      socket: Socket;
      send(pdu: PDU, onResponse?: (resp: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
      close(cb?: () => void): void;
      destroy(cb?: () => void): void;
      pause(): void;
      resume(): void;
    }

    class Server extends NetServer {
      sessions: Session[];
    }

    function connect(options: { host: string; port: number; tls?: boolean }, listener?: () => void): Session;
    function createServer(listener?: (session: Session) => void): Server;

    const ESME_ROK: number;
    const ESME_RSYSERR: number;
    const ESME_RINVDSTADR: number;
    const ESME_RINVSRCADR: number;
    const ESME_RINVBNDSTS: number;
    const ESME_RALYBND: number;
    const ESME_RBINDFAIL: number;
    const ESME_RINVPASWD: number;
    const ESME_RINVSYSID: number;
    const ESME_RMSGQFUL: number;
    const ESME_RTHROTTLED: number;
    const ESME_RSUBMITFAIL: number;
    const ESME_RX_T_APPN: number;
    /** Error name → command_status. */
    const errors: Readonly<Record<string, number>>;
  }
  export = smpp;
}
