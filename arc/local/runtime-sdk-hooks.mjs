// Module resolution hooks for serving packaged Lambdas locally: the packages leave @aws-sdk/*
// out because the Lambda runtime provides it; here the repository's node_modules plays that
// part, wherever the packages are (a snapshot under /tmp resolves nothing by itself).
let fallbackParent;

export function initialize(data) {
  fallbackParent = data.parentURL;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!specifier.startsWith("@aws-sdk/")) throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParent });
  }
}
