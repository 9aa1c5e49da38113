/** Types for prisma-schemas.mjs (plain JS so that postinstall runs without a TypeScript loader). */
export declare const root: string;
export declare const sourceSchemaPath: string;
export declare const providers: readonly ['sqlite', 'postgresql'];
export declare function schemaFor(source: string, provider: 'sqlite' | 'postgresql', schemaDir: string): string;
export declare function writeDerivedSchemas(): Record<'sqlite' | 'postgresql', string>;
