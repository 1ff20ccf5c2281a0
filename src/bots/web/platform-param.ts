/** A `platform` URL parameter: one of the platforms duels are started on, else nothing. */
import { PLATFORMS, type Platform } from '../../core/model/types.js';

export const asPlatform = (v: string | undefined): Platform | undefined => (PLATFORMS.includes(v as Platform) ? (v as Platform) : undefined);
