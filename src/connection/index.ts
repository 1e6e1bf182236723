// The connection layer's surface (Python's multiprocessing.connection plus Pipe).
export { Connection, type RecvOptions } from './connection.js';
export { ShmConnection } from './shm-connection.js';
export { SocketConnection, type SocketConnectionOptions } from './socket-connection.js';
export { Pipe, type PipeOptions } from './pipe.js';
export { Listener, Client, type Address, type ListenerOptions, type ClientOptions } from './listener.js';
export { wait, type Waitable } from './wait.js';
export { AdaptiveSpin } from '../ring/adaptive-spin.js';
export { DEFAULT_MAX_MESSAGE_SIZE } from './frame-reader.js';
