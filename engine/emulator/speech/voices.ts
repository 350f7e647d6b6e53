/**
 * The voices the Speech stand-in offers: a subset of Azure AI Speech's prebuilt neural voices in
 * five locales, in the shape `GET /cognitiveservices/voices/list` answers (learn.microsoft.com,
 * Azure AI Speech, "Text to speech REST API", "Get a list of voices", sample response: `Name`,
 * `DisplayName`, `LocalName`, `ShortName`, `Gender`, `Locale`, `LocaleName`, `StyleList`,
 * `SampleRateHertz` (a string), `VoiceType`, `Status`, `WordsPerMinute` (a string)). The names are
 * those of the voice gallery ("Language and voice support"); the words per minute of voices other
 * than Jenny's (152, from the sample) are the emulator's own round figures.
 */

export interface ListedVoice {
  Name: string;
  DisplayName: string;
  LocalName: string;
  ShortName: string;
  Gender: 'Female' | 'Male';
  Locale: string;
  LocaleName: string;
  StyleList?: string[];
  SampleRateHertz: string;
  VoiceType: 'Neural';
  Status: 'GA';
  WordsPerMinute: string;
}

const LOCALES: Record<string, string> = {
  'en-US': 'English (United States)',
  'en-GB': 'English (United Kingdom)',
  'es-ES': 'Spanish (Spain)',
  'de-DE': 'German (Germany)',
  'fr-FR': 'French (France)',
};

const voice = (locale: string, name: string, gender: 'Female' | 'Male', wordsPerMinute: number, styles?: string[]): ListedVoice => ({
  Name: `Microsoft Server Speech Text to Speech Voice (${locale}, ${name}Neural)`,
  DisplayName: name,
  LocalName: name,
  ShortName: `${locale}-${name}Neural`,
  Gender: gender,
  Locale: locale,
  LocaleName: LOCALES[locale],
  ...(styles ? { StyleList: styles } : {}),
  SampleRateHertz: '24000',
  VoiceType: 'Neural',
  Status: 'GA',
  WordsPerMinute: String(wordsPerMinute),
});

export const EMULATED_VOICES: readonly ListedVoice[] = [
  voice('en-US', 'Jenny', 'Female', 152, ['assistant', 'chat', 'customerservice', 'newscast', 'angry', 'cheerful', 'sad', 'excited', 'friendly']),
  voice('en-US', 'Guy', 'Male', 150, ['newscast', 'angry', 'cheerful', 'sad', 'excited', 'friendly']),
  voice('en-US', 'Aria', 'Female', 150, ['chat', 'customerservice', 'narration-professional', 'newscast-casual', 'cheerful', 'empathetic']),
  voice('en-GB', 'Sonia', 'Female', 150, ['cheerful', 'sad']),
  voice('en-GB', 'Ryan', 'Male', 150, ['cheerful', 'chat']),
  voice('es-ES', 'Elvira', 'Female', 160),
  voice('es-ES', 'Alvaro', 'Male', 160),
  voice('de-DE', 'Katja', 'Female', 140),
  voice('de-DE', 'Conrad', 'Male', 140, ['cheerful']),
  voice('fr-FR', 'Denise', 'Female', 150, ['cheerful', 'sad']),
  voice('fr-FR', 'Henri', 'Male', 150, ['cheerful', 'sad']),
];

/** The listed voice a `voice name` attribute names: its ShortName or its long Name, case-insensitively. */
export function findVoice(name: string): ListedVoice | undefined {
  const wanted = name.trim().toLowerCase();
  return EMULATED_VOICES.find((v) => v.ShortName.toLowerCase() === wanted || v.Name.toLowerCase() === wanted);
}
