/** The card's printed dates (和暦 or 西暦) for the screens: the one converter of jpki/. */
export { formatJapaneseDate, parseJapaneseDate } from '../../jpki/JapaneseDate.ts';
