import Module from 'node:module';

/**
 * Captures the registrations `@azure/functions` makes, so the local host serves exactly what
 * the Functions host would. The library reaches the host through `require('@azure/functions-core')`,
 * a module the Functions worker injects; we provide that module instead. There is no second
 * route table: whatever `app.http` / `app.timer` registered is what gets served.
 */
export interface Registration {
  name: string;
  kind: 'http' | 'timer';
  /** Route template without the host's route prefix; defaults to the function name, as the host does. */
  route?: string;
  /** Upper-case methods; absent or empty means every method. */
  methods?: readonly string[];
  /** NCRONTAB expression, possibly a `%SETTING%` reference. */
  schedule?: string;
  runOnStartup?: boolean;
  /** The trigger binding as the library described it to the host. */
  trigger: Readonly<Record<string, unknown>>;
  handler: (...args: any[]) => unknown;
}

const CORE_MODULE_ID = '@azure/functions-core';
const REGISTRY = Symbol.for('roster.local-host.registrations');
const INSTALLED = Symbol.for('roster.local-host.core-api-installed');

type Global = typeof globalThis & { [REGISTRY]?: Map<string, Registration>; [INSTALLED]?: boolean };
const global = globalThis as Global;

function registry(): Map<string, Registration> {
  return (global[REGISTRY] ??= new Map());
}

/** Every registration captured so far, in registration order; a re-registration replaces its name. */
export function registrations(): ReadonlyMap<string, Registration> {
  return registry();
}

/**
 * Makes `require('@azure/functions-core')` resolve to our core API. Call it before the first
 * `app.http` / `app.timer` runs: the library asks for the core API once and remembers the answer.
 * Idempotent.
 */
export function installRegistrationCapture(): void {
  if (global[INSTALLED]) return;
  const moduleApi = Module as unknown as ModuleInternals;
  const coreModule = new Module(CORE_MODULE_ID);
  coreModule.exports = createCoreApi();
  coreModule.loaded = true;
  moduleApi._cache[CORE_MODULE_ID] = coreModule;
  const resolve = moduleApi._resolveFilename;
  moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === CORE_MODULE_ID ? CORE_MODULE_ID : resolve.call(this, request, ...rest);
  };
  global[INSTALLED] = true;
}

interface ModuleInternals {
  _cache: Record<string, Module>;
  _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
}

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): void }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

function createCoreApi() {
  let programmingModel: unknown;
  return {
    version: 'roster-local-host',
    Disposable,
    setProgrammingModel(model: unknown): void {
      programmingModel = model;
    },
    getProgrammingModel(): unknown {
      return programmingModel;
    },
    registerFunction(metadata: FunctionMetadata, handler: Registration['handler']): Disposable {
      const registration = toRegistration(metadata, handler);
      if (!registration) return new Disposable();
      registry().set(registration.name, registration);
      return new Disposable(() => {
        if (registry().get(registration.name) === registration) registry().delete(registration.name);
      });
    },
    /** Hooks are accepted and ignored: nothing in Roster depends on them running locally. */
    registerHook(): Disposable {
      return new Disposable();
    },
    log(level: string, category: string, message: string): void {
      if (level === 'warning' || level === 'error' || level === 'critical') console.warn(`[functions] ${message}`);
    },
  };
}

interface FunctionMetadata {
  name: string;
  bindings: Record<string, Record<string, unknown> & { type?: string; direction?: string }>;
}

function toRegistration(metadata: FunctionMetadata, handler: Registration['handler']): Registration | undefined {
  const trigger = Object.values(metadata.bindings).find((b) => /trigger$/i.test(b.type ?? ''));
  const type = trigger?.type?.toLowerCase();
  if (!trigger || (type !== 'httptrigger' && type !== 'timertrigger')) {
    console.warn(`[local-host] function "${metadata.name}" has a ${trigger?.type ?? 'missing'} trigger; only HTTP and timer triggers are served locally.`);
    return undefined;
  }
  const base = { name: metadata.name, trigger, handler };
  if (type === 'timertrigger') {
    return { ...base, kind: 'timer', schedule: String(trigger.schedule), runOnStartup: trigger.runOnStartup === true };
  }
  const methods = Array.isArray(trigger.methods) ? trigger.methods.map((m) => String(m).toUpperCase()) : undefined;
  const route = typeof trigger.route === 'string' && trigger.route !== '' ? trigger.route : metadata.name;
  return { ...base, kind: 'http', route, methods };
}
