/** The file dialogs the current state calls for: new flow, rename, file id, token, conflict, refused save, publish. */
import type { Problem } from '../../../engine/core/types.ts';
import type { FlowValue } from '../document/flow-value.ts';
import type { FileState, FlowFiles } from '../files/flow-files.ts';
import { NameDialog, type NameDialogMode } from '../files/NameDialog.tsx';
import { TokenDialog } from '../files/TokenDialog.tsx';
import { ConflictDialog } from '../files/ConflictDialog.tsx';
import { SaveRefusedDialog } from '../files/SaveRefusedDialog.tsx';
import type { Scenario } from '../../../engine/core/sim/scenario.ts';
import { PublishDialog } from '../lifecycle/PublishDialog.tsx';

interface DialogsProps {
  dialog: NameDialogMode | undefined;
  setDialog: (dialog: NameDialogMode | undefined) => void;
  files: FlowFiles;
  file: FileState;
  flows: string[];
  text: string;
  flow: FlowValue | undefined;
  onReveal: (problem: Problem) => void;
  /** The Publish dialog is open. */
  publishing: boolean;
  scenarios: Scenario[];
  onClosePublish: () => void;
  onPublished: () => void;
  onOpenScenario: (name: string, step: number | undefined) => void;
}

export function Dialogs(props: DialogsProps) {
  const { dialog, setDialog, files, file, flows, text, flow, onReveal } = props;
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
          flowId={file.id ?? ''}
          author={file.conflict.author}
          diskText={file.conflict.diskText}
          mine={text}
          onClose={() => files.dismiss()}
          onTakeDisk={() => files.takeDiskVersion()}
          onOverwrite={() => void files.save(file.conflict!.diskVersion)}
        />
      )}
      {props.publishing && file.id && (
        <PublishDialog
          flowId={file.id}
          flowName={typeof flow?.name === 'string' && flow.name ? flow.name : file.id}
          files={files}
          flow={flow}
          scenarios={props.scenarios}
          onReveal={onReveal}
          onOpenScenario={props.onOpenScenario}
          onPublished={props.onPublished}
          onClose={props.onClosePublish}
        />
      )}
      {file.refused && (
        <SaveRefusedDialog reason={file.refused.reason} problems={file.refused.problems} flow={flow} onReveal={onReveal} onClose={() => files.dismiss()} />
      )}
    </>
  );
}
