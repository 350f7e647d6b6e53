/** The caller's phone keypad: each key is a button named by its digit. */
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function Keypad({ disabled, onPress }: { disabled: boolean; onPress: (digit: string) => void }) {
  return (
    <div className="keypad" role="group" aria-label="Keypad">
      {KEYS.map((key) => (
        <button key={key} type="button" disabled={disabled} onClick={() => onPress(key)}>
          {key}
        </button>
      ))}
    </div>
  );
}
