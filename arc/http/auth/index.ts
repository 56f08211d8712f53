import browserManifest from "virtual:remix-browser-manifest";
import * as build from "virtual:remix-server-build";
import { createLambdaHandler } from "../../shared/lambda-handler";

export const handler = createLambdaHandler(build, browserManifest);
