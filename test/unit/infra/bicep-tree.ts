import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Parser from 'tree-sitter';
import Bicep from 'tree-sitter-bicep';

/**
 * Bicep read through tree-sitter-bicep: there is no Bicep compiler here, so the infra tests
 * check the parse tree — syntax, declarations, and the values they are given.
 */
export type Node = Parser.SyntaxNode;

export const repoRoot = resolve(__dirname, '../../..');
export const infraDir = join(repoRoot, 'infra');

export interface BicepFile {
  /** Path relative to the repository root, e.g. infra/app/api.bicep */
  path: string;
  text: string;
  root: Node;
}

const parser = new Parser();
parser.setLanguage(Bicep as unknown as Parser.Language);

export function parseBicep(path: string): BicepFile {
  const text = readFileSync(resolve(repoRoot, path), 'utf8');
  return { path: relative(repoRoot, resolve(repoRoot, path)), text, root: parser.parse(text).rootNode };
}

/** Every .bicep file under infra/. */
export function bicepFiles(dir = infraDir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return bicepFiles(path);
      return name.endsWith('.bicep') ? [relative(repoRoot, path)] : [];
    });
}

/** ERROR and MISSING nodes, as `line:column kind text`. */
export function syntaxProblems(root: Node): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      found.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? 'missing' : 'error'} ${node.text.slice(0, 60)}`);
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  return found;
}

export interface Declaration {
  name: string;
  node: Node;
  /** Names of the decorators written above it: `secure`, `description`, ... */
  decorators: string[];
}

export interface ResourceDeclaration extends Declaration {
  /** `Provider/type@version` as written. */
  type: string;
  existing: boolean;
  /** The resource body; for `if (...)` and `for` resources, the object inside. */
  body: Node | undefined;
}

export interface ModuleDeclaration extends Declaration {
  path: string;
  body: Node | undefined;
}

export interface ParamDeclaration extends Declaration {
  defaultValue: Node | undefined;
}

export interface OutputDeclaration extends Declaration {
  value: Node;
}

export interface VariableDeclaration extends Declaration {
  value: Node;
}

function decoratorsOf(node: Node): string[] {
  const previous = node.previousNamedSibling;
  if (!previous || previous.type !== 'decorators') return [];
  return previous.namedChildren.map((d) => {
    const call = d.namedChildren[0];
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : call;
    return fn?.text ?? '';
  });
}

function topLevel(file: BicepFile, type: string): Node[] {
  return file.root.namedChildren.filter((n) => n.type === type);
}

/** The object a resource or module is given, looking through `if (...)` and `for`. */
function bodyOf(node: Node): Node | undefined {
  const last = node.namedChildren[node.namedChildren.length - 1];
  if (!last) return undefined;
  if (last.type === 'object') return last;
  if (last.type === 'if_statement') return last.namedChildren.find((n) => n.type === 'object');
  if (last.type === 'for_statement') return last.childForFieldName('body') ?? last.namedChildren.find((n) => n.type === 'object');
  return undefined;
}

/** The condition of an `if (...)` resource or module, without its parentheses; undefined when it has none. */
export function conditionOf(declaration: Declaration): string | undefined {
  const last = declaration.node.namedChildren[declaration.node.namedChildren.length - 1];
  if (last?.type !== 'if_statement') return undefined;
  const condition = last.namedChildren[0];
  return condition?.type === 'parenthesized_expression' ? condition.text.slice(1, -1).trim() : condition?.text;
}

/** Resources at any depth (nested child resources included). */
export function resources(file: BicepFile): ResourceDeclaration[] {
  return file.root.descendantsOfType('resource_declaration').map((node) => ({
    name: node.namedChildren[0]!.text,
    node,
    decorators: decoratorsOf(node),
    type: stringValue(node.namedChildren[1]!) ?? node.namedChildren[1]!.text,
    existing: node.children.some((c) => !c.isNamed && c.type === 'existing'),
    body: bodyOf(node),
  }));
}

export function modules(file: BicepFile): ModuleDeclaration[] {
  return topLevel(file, 'module_declaration').map((node) => ({
    name: node.namedChildren[0]!.text,
    node,
    decorators: decoratorsOf(node),
    path: stringValue(node.namedChildren[1]!) ?? node.namedChildren[1]!.text,
    body: bodyOf(node),
  }));
}

export function params(file: BicepFile): ParamDeclaration[] {
  return topLevel(file, 'parameter_declaration').map((node) => ({
    name: node.namedChildren[0]!.text,
    node,
    decorators: decoratorsOf(node),
    defaultValue: node.namedChildren[2],
  }));
}

export function outputs(file: BicepFile): OutputDeclaration[] {
  return topLevel(file, 'output_declaration').map((node) => ({
    name: node.namedChildren[0]!.text,
    node,
    decorators: decoratorsOf(node),
    value: node.namedChildren[node.namedChildren.length - 1]!,
  }));
}

export function variables(file: BicepFile): VariableDeclaration[] {
  return topLevel(file, 'variable_declaration').map((node) => ({
    name: node.namedChildren[0]!.text,
    node,
    decorators: decoratorsOf(node),
    value: node.namedChildren[node.namedChildren.length - 1]!,
  }));
}

/** The properties of an object literal, by key (quoted keys unquoted). */
export function properties(object: Node | undefined): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const prop of object?.namedChildren ?? []) {
    if (prop.type !== 'object_property') continue;
    const [key, value] = prop.namedChildren;
    if (!key || !value) continue;
    found.set(stringValue(key) ?? key.text, value);
  }
  return found;
}

/** `a.b.c` through nested object literals. */
export function property(object: Node | undefined, path: string): Node | undefined {
  let node = object;
  for (const key of path.split('.')) {
    node = properties(node).get(key);
    if (!node) return undefined;
  }
  return node;
}

/** The value of a string literal without interpolation; undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  const text = node.text;
  if (text.startsWith("'''")) return text.slice(3, -3);
  return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/** The text of a string with each interpolation written as `${expression}`. */
export function templateText(node: Node): string {
  return node.type === 'string' ? node.text.slice(1, -1) : node.text;
}

/** Calls of a function by name anywhere under node (`listKeys` also matches `x.listKeys()`). */
export function calls(node: Node, name: string): Node[] {
  return node.descendantsOfType('call_expression').filter((call) => {
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    const callee = fn.type === 'member_expression' ? fn.childForFieldName('property') : fn;
    return callee?.text.toLowerCase() === name.toLowerCase();
  });
}

/** Identifiers used anywhere under node. */
export function identifiersIn(node: Node): string[] {
  return [node, ...node.descendantsOfType(['identifier'])].filter((n) => n.type === 'identifier').map((n) => n.text);
}
