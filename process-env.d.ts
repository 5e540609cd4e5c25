// The one Node global the library reads, for its declaration build (tsconfig.build.json, no Node types): the
// development-only checks test `process.env.NODE_ENV`, which the app's bundler replaces with a constant.
declare const process: { env: { NODE_ENV?: string } }
