/** Where a wizard's column mapping is saved: beside the export it was made for, in the JSON the CLI's --mapping reads. */
export const mappingFileName = (fileName: string): string => `${fileName.replace(/\.[^./\\]+$/, '')}.mapping.json`;
