/** The file dialogs the current state calls for: new flow, rename, file id, token, conflict, refused save. */
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import type { FileState, FlowFiles } from '../files/flow-files.ts';
import { NameDialog, type NameDialogMode } from '../files/NameDialog.tsx';
import { TokenDialog } from '../files/TokenDialog.tsx';
import { ConflictDialog } from '../files/ConflictDialog.tsx';
import { SaveRefusedDialog } from '../files/SaveRefusedDialog.tsx';

interface DialogsProps {
  dialog: NameDialogMode | undefined;
  setDialog: (dialog: NameDialogMode | undefined) => void;
  files: FlowFiles;
  file: FileState;
  flows: string[];
  text: string;
  flow: FlowValue | undefined;
  onReveal: (problem: Problem) => void;
}

export function Dialogs({ dialog, setDialog, files, file, flows, text, flow, onReveal }: DialogsProps) {
  return (
    <>
      {dialog && (
        <NameDialog
          mode={dialog}
          currentId={file.id}
          currentName={typeof flow?.name === 'string' ? flow.name : undefined}
          taken={flows}
          onClose={() => setDialog(undefined)}
          onDone={({ id, name }) => {
            setDialog(undefined);
            if (dialog === 'new') files.create(id, name);
            else if (dialog === 'rename') files.rename(name);
            else void files.changeId(id);
          }}
        />
      )}
      {file.needsToken && <TokenDialog onSubmit={(token) => void files.retryWithToken(token)} onClose={() => files.dismiss()} />}
      {file.conflict && (
        <ConflictDialog
          fileName={`${file.id}.flow.json`}
          diskText={file.conflict.diskText}
          mine={text}
          onClose={() => files.dismiss()}
          onTakeDisk={() => files.takeDiskVersion()}
          onOverwrite={() => void files.save(file.conflict!.diskVersion)}
        />
      )}
      {file.refused && (
        <SaveRefusedDialog reason={file.refused.reason} problems={file.refused.problems} flow={flow} onReveal={onReveal} onClose={() => files.dismiss()} />
      )}
    </>
  );
}
