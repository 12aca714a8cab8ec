/** esbuild's file loader: importing an image gives its hashed file name, relative to the script folder (resolve it with import.meta.url). */
declare module '*.svg' {
  const url: string;
  export default url;
}

/** Stylesheets are bundled by esbuild into the console's one stylesheet. */
declare module '*.css';
