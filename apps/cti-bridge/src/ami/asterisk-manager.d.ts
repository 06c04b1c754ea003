/** Types for the mandated asterisk-manager@0.2.0 (CommonJS, untyped), limited to what the wrapper uses. */
declare module 'asterisk-manager' {
  /** Keys lower-cased and not trimmed; `variable`/`chanvariable` lines become an object of name → value. */
  export type RawAmiMessage = Record<string, string | string[] | Record<string, string>>;

  export interface AsteriskManager {
    connect(port: number, host: string, callback?: (err: Error | null) => void): void;
    login(callback?: (err?: RawAmiMessage) => void): void;
    action(action: Record<string, unknown>, callback?: (err: RawAmiMessage | undefined, res: RawAmiMessage) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
    on(event: string, listener: (...args: never[]) => void): void;
    /** The library dispatches what its reader parsed through `rawevent` (ManagerEvent); the bridge's framer feeds it. */
    emit(event: 'rawevent', item: RawAmiMessage): boolean;
    removeAllListeners(event?: string): void;
  }

  function Manager(port?: number, host?: string, username?: string, password?: string, events?: boolean): AsteriskManager;
  export default Manager;
}
