/**
 * The README template, compiled. Run from source, Handlebars compiles it on first use; the
 * bundle replaces this module with the template precompiled by scripts/build.mjs and only
 * Handlebars' runtime.
 */
import Handlebars from "handlebars";
import { README_COMPILE_OPTIONS, README_TEMPLATE } from "./readmeTemplate.ts";

export const renderReadme = Handlebars.create().compile(README_TEMPLATE, README_COMPILE_OPTIONS);
