/**
 * A minimal Node `events` EventEmitter for pouchdb-browser, which imports
 * 'events' (a Node built-in Vite does not polyfill). Bench build only: the
 * bench Vite config aliases 'events' to this file.
 *
 * PouchDB copies `Object.keys(EE.prototype)` onto its constructor, so the
 * methods must be enumerable (class methods are not): they are assigned to
 * the prototype below.
 */
type Listener = (...args: unknown[]) => void;

interface EventEmitter {
  _events: Map<string | symbol, Listener[]>;
  on(type: string | symbol, listener: Listener): this;
  addListener(type: string | symbol, listener: Listener): this;
  prependListener(type: string | symbol, listener: Listener): this;
  once(type: string | symbol, listener: Listener): this;
  off(type: string | symbol, listener: Listener): this;
  removeListener(type: string | symbol, listener: Listener): this;
  removeAllListeners(type?: string | symbol): this;
  emit(type: string | symbol, ...args: unknown[]): boolean;
  listeners(type: string | symbol): Listener[];
  listenerCount(type: string | symbol): number;
  setMaxListeners(n: number): this;
  getMaxListeners(): number;
}

interface EventEmitterConstructor {
  new (): EventEmitter;
  prototype: EventEmitter;
  listenerCount(emitter: EventEmitter, type: string | symbol): number;
  EventEmitter: EventEmitterConstructor;
  defaultMaxListeners: number;
}

const ONCE = Symbol('once');
type Wrapped = Listener & { [ONCE]?: Listener };

function listOf(emitter: EventEmitter, type: string | symbol): Listener[] {
  emitter._events ??= new Map();
  let list = emitter._events.get(type);
  if (!list) {
    list = [];
    emitter._events.set(type, list);
  }
  return list;
}

const EventEmitter = function (this: EventEmitter) {
  this._events = new Map();
} as unknown as EventEmitterConstructor;

EventEmitter.prototype.on = function (type, listener) {
  if (this._events?.has('newListener')) this.emit('newListener', type, listener);
  listOf(this, type).push(listener);
  return this;
};
EventEmitter.prototype.addListener = EventEmitter.prototype.on;
EventEmitter.prototype.prependListener = function (type, listener) {
  listOf(this, type).unshift(listener);
  return this;
};
EventEmitter.prototype.once = function (type, listener) {
  const wrapped: Wrapped = (...args: unknown[]) => {
    this.removeListener(type, wrapped);
    listener.apply(this, args);
  };
  wrapped[ONCE] = listener;
  return this.on(type, wrapped);
};
EventEmitter.prototype.removeListener = function (type, listener) {
  const list = this._events?.get(type);
  if (!list) return this;
  const index = list.findIndex((l: Wrapped) => l === listener || l[ONCE] === listener);
  if (index >= 0) {
    list.splice(index, 1);
    if (this._events.has('removeListener')) this.emit('removeListener', type, listener);
  }
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;
EventEmitter.prototype.removeAllListeners = function (type) {
  if (type === undefined) this._events = new Map();
  else this._events?.delete(type);
  return this;
};
EventEmitter.prototype.emit = function (type, ...args) {
  const list = this._events?.get(type);
  if (!list || list.length === 0) {
    if (type === 'error') throw args[0] instanceof Error ? args[0] : new Error(String(args[0]));
    return false;
  }
  for (const listener of [...list]) listener.apply(this, args);
  return true;
};
EventEmitter.prototype.listeners = function (type) {
  return (this._events?.get(type) ?? []).map((l: Wrapped) => l[ONCE] ?? l);
};
EventEmitter.prototype.listenerCount = function (type) {
  return this._events?.get(type)?.length ?? 0;
};
EventEmitter.prototype.setMaxListeners = function () {
  return this;
};
EventEmitter.prototype.getMaxListeners = function () {
  return Infinity;
};
EventEmitter.listenerCount = (emitter, type) => emitter.listenerCount(type);
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.defaultMaxListeners = 10;

export { EventEmitter };
export default EventEmitter;
