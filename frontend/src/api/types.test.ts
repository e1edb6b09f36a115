/// <reference types="node" />
// One home for the shapes that cross the bridge: the classes Wails generates
// from the Go structs (wailsjs/go/models.ts). types.ts only names them, as
// aliases or thin derived types, so a Go field renamed or dropped fails
// `npm run check`. This fails when a hand-kept copy creeps back: an
// interface or object type, in types.ts or anywhere else in src, named like a
// generated class or with exactly a generated class's fields.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const api = dirname(fileURLToPath(import.meta.url));
const src = resolve(api, '..');
const modelsFile = join(api, 'wailsjs/go/models.ts');
const typesFile = join(api, 'types.ts');

function parse(file: string, text = readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
}

/** Each generated class, as namespace.Name, with the names of its data fields. */
function generatedClasses(): Map<string, { name: string; fields: string[] }> {
  const classes = new Map<string, { name: string; fields: string[] }>();
  const visit = (node: ts.Node, namespace: string) => {
    if (ts.isModuleDeclaration(node)) {
      node.body?.forEachChild((child) => visit(child, node.name.getText()));
    } else if (ts.isModuleBlock(node)) {
      node.forEachChild((child) => visit(child, namespace));
    } else if (ts.isClassDeclaration(node) && node.name) {
      const fields = node.members
        .filter(ts.isPropertyDeclaration)
        .filter((m) => !m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword))
        .map((m) => m.name.getText());
      classes.set(`${namespace}.${node.name.text}`, { name: node.name.text, fields });
    }
  };
  parse(modelsFile).forEachChild((node) => visit(node, ''));
  return classes;
}

interface Declared {
  file: string;
  name: string;
  /** The property names of its object shape. */
  fields: string[];
}

/** The members of an object shape written out by hand: an interface, or a type literal (alone or intersected with others). */
function ownObjectShape(node: ts.Node): ts.NodeArray<ts.TypeElement> | ts.TypeElement[] | null {
  if (ts.isInterfaceDeclaration(node)) return node.members;
  if (!ts.isTypeAliasDeclaration(node)) return null;
  const type = node.type;
  if (ts.isTypeLiteralNode(type)) return type.members;
  // {…} & {…}, with no generated type to derive from, is a hand-written shape too.
  if (ts.isIntersectionTypeNode(type) && type.types.every(ts.isTypeLiteralNode)) {
    return type.types.flatMap((t) => [...(t as ts.TypeLiteralNode).members]);
  }
  return null;
}

/** Every interface and object type declared at the top level of a file. */
function declaredShapes(file: ts.SourceFile): Declared[] {
  const out: Declared[] = [];
  file.forEachChild((node) => {
    const members = ownObjectShape(node);
    if (!members || !(ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node))) return;
    const fields = members.filter((m) => m.name).map((m) => m.name!.getText().replace(/^['"]|['"]$/g, ''));
    out.push({ file: relative(src, file.fileName), name: node.name.text, fields });
  });
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split(/[\\/]/).includes('wailsjs'))
    .map((f) => join(dir, f));
}

function copiesIn(files: ts.SourceFile[]): string[] {
  const byName = new Map<string, string[]>();
  const byShape = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, qualified: string) => map.set(key, [...(map.get(key) ?? []), qualified]);
  for (const [qualified, { name, fields }] of generatedClasses()) {
    add(byName, name, qualified);
    // One field is too little to call a shape a copy.
    if (fields.length > 1) add(byShape, [...fields].sort().join(','), qualified);
  }
  const found: string[] = [];
  for (const file of files) {
    for (const d of declaredShapes(file)) {
      const named = byName.get(d.name);
      const shaped = byShape.get([...d.fields].sort().join(','));
      if (named) found.push(`${d.file}: ${d.name} copies ${named.join(' or ')}; alias it instead`);
      else if (shaped) found.push(`${d.file}: ${d.name} has the fields of ${shaped.join(' or ')}; alias it instead`);
    }
  }
  return found;
}

describe('the types that cross the bridge', () => {
  it('reads the generated classes', () => {
    const classes = generatedClasses();
    expect(classes.size).toBeGreaterThan(40);
    expect(classes.get('workspace.Snapshot')?.fields).toContain('parts');
    expect(classes.get('app.Info')?.fields).toContain('workspaceId');
  });

  it('finds a hand-written copy when there is one', () => {
    const copy = parse(
      join(api, 'copy.ts'),
      [
        'export interface Credit { member: string; name: string; kinds: string[] }',
        'export type PartMay = { write: boolean; suggest: boolean; review: boolean; changeSettings: boolean };',
        'export type Info = { workspaceId: string } & { dataDir: string };',
        'export type Part = Omit<Data<workspace.Part>, "mode"> & { mode: Mode };',
        'export type Mode = "cooperation" | "collaboration";',
      ].join('\n'),
    );
    expect(copiesIn([copy])).toEqual([
      'api/copy.ts: Credit copies workspace.Credit; alias it instead',
      'api/copy.ts: PartMay has the fields of deliverable.May; alias it instead',
      'api/copy.ts: Info copies app.Info; alias it instead',
    ]);
  });

  it('keeps no hand-written copy of a generated class in types.ts', () => {
    expect(copiesIn([parse(typesFile)])).toEqual([]);
  });

  it('keeps no hand-written copy of a generated class anywhere else in src', () => {
    expect(copiesIn(sources(src).filter((f) => f !== typesFile).map((f) => parse(f)))).toEqual([]);
  });
});
