export declare const PROJECT_ROOT: string;
export declare const TEMPORAL_CLI_VERSION: string;
export declare function findTemporalCli(env?: NodeJS.ProcessEnv): string | undefined;
export declare function ensureTemporalCli(env?: NodeJS.ProcessEnv): string;
