import { useRef, useState } from 'react';

/** A drop target that also opens the file picker when clicked. */
export function DropZone({ label, picked, onFile, testId }: { label: string; picked: string | null; onFile: (file: File) => void; testId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}${picked ? ' picked' : ''}`}
      data-testid={testId}
      role="button"
      tabIndex={0}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) onFile(file);
      }}
    >
      <strong>{label}</strong>
      <span>{picked ?? 'Drop a CSV, TSV, Parquet or JSON Lines file, or click to choose'}</span>
      <input
        ref={input}
        type="file"
        hidden
        accept=".csv,.tsv,.tab,.txt,.parquet,.pq,.jsonl,.ndjson,.gz,.zst"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
