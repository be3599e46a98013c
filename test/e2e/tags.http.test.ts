import { httpEnv } from '../support/env.js';
import { tagScenarios } from '../scenarios/tags.js';

tagScenarios('standalone server over HTTP', () => httpEnv());
