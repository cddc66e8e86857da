// get.php: one script, several commands chosen by a flag parameter (spec §6): get_messages=1, ….
import type { Script } from './pipeline.ts';
import { getMessages } from './get-messages.ts';
import { getStat } from './get-stat.ts';
import { getPrice } from './get-price.ts';

/** One get.php command: the work of the script once its flag has chosen it. */
export type GetCommand = Script['run'];

/** Commands by the flag that selects them; the first flag given as 1 wins. */
const COMMANDS: ReadonlyArray<[flag: string, command: GetCommand]> = [
  ['get_messages', getMessages],
  ['get_stat', getStat],
  ['get_price', getPrice],
];

export const getScript: Script = {
  concurrency: 'any',
  countsErroneousSends: false,
  async run(gateway, request) {
    const chosen = COMMANDS.find(([flag]) => request.params.get(flag) === '1');
    return chosen ? chosen[1](gateway, request) : { error: 'parameters' };
  },
};
